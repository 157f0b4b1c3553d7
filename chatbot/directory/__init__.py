"""The support directory: reviewed files (files.py) -> database (models.py, store.py) -> answers (query.py)."""
from chatbot.directory.files import DirectoryError, read_directory
from chatbot.directory.query import Directory, LiveDirectory, card

__all__ = ["Directory", "DirectoryError", "LiveDirectory", "card", "read_directory"]
