from vlo.cli import main

main()
