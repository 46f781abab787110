"""A unit's templates folder only if no one else can change it (red-team review, item 6).

A template says anything to a victim in the service's name: a folder owned by someone else, or one
group or others can write to, is refused, and so is such a template or subfolder in it.
"""

from __future__ import annotations

import os

import pytest

TEMPLATE = "Dear {{ person.salutation }}\\n"


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "unit-templates"
    folder.mkdir(mode=0o700)
    (folder / "initial-contact.txt.j2").write_text("{% extends 'packaged:initial-contact.txt.j2' %}\n")
    os.chmod(folder / "initial-contact.txt.j2", 0o600)
    return folder


def give_away(path):
    """Make ``path`` another user's (root only; elsewhere the test is skipped)."""
    if os.getuid() != 0:
        pytest.skip("giving a file to another user needs root")
    os.chown(path, 65534, 65534)


@pytest.mark.parametrize("folder_mode", [0o777, 0o770, 0o720, 0o702])
def test_a_folder_group_or_others_can_write_to_is_refused(vlo, folder, folder_mode):
    os.chmod(folder, folder_mode)
    error = vlo.fails(f"template show initial-contact --templates {folder}")
    assert error == (
        f"Error: templates folder {folder} can be written by other users (mode {folder_mode:04o}), who "
        f"could change your letters; make it private (chmod go-w {folder})"
    )


def test_a_folder_of_another_user_is_refused(vlo, folder):
    give_away(folder)
    os.chmod(folder, 0o755)
    assert "belongs to another user" in vlo.fails(f"template show initial-contact --templates {folder}")


@pytest.mark.parametrize("file_mode", [0o666, 0o660, 0o620])
def test_a_template_group_or_others_can_write_to_is_refused(vlo, folder, file_mode):
    os.chmod(folder / "initial-contact.txt.j2", file_mode)
    error = vlo.fails(f"template show initial-contact --templates {folder}")
    assert f"template initial-contact.txt.j2 in {folder} can be written by other users" in error


def test_a_template_of_another_user_is_refused(vlo, folder):
    give_away(folder / "initial-contact.txt.j2")
    os.chmod(folder / "initial-contact.txt.j2", 0o644)
    error = vlo.fails(f"template show initial-contact --templates {folder}")
    assert f"template initial-contact.txt.j2 in {folder} belongs to another user" in error


def test_a_subfolder_others_can_write_to_is_refused(vlo, folder):
    (folder / "parts").mkdir(mode=0o700)
    os.chmod(folder / "parts", 0o777)
    assert "template parts in" in vlo.fails(f"template show initial-contact --templates {folder}")


def test_a_private_folder_is_used(vlo, folder):
    assert "extends" in vlo(f"template show initial-contact --templates {folder}").stdout
