"""Pure rules of the Victim Contact Scheme: no terminal, no SQL, no I/O."""
