"""Finds and reads script packs (``scripts/<pack-id>/pack.yaml``) into core types.

Every problem names the file, the field path and the line, and all problems of a file are
reported at once. Nothing here raises anything but ``PackError``/``PackNotFound``.
"""

from trainer.packs.finder import PACK_FILE, find_pack, load_pack, load_pack_file, pack_folders
from trainer.packs.parse import parse_pack

__all__ = ["PACK_FILE", "find_pack", "load_pack", "load_pack_file", "pack_folders", "parse_pack"]
