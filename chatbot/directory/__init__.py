"""The support directory: reviewed files (files.py) -> database (models.py, store.py) -> answers (query.py)."""
from chatbot.directory.files import DirectoryError, read_directory
from chatbot.directory.query import Directory, LiveDirectory, card, card_more, contact_data

__all__ = ["Directory", "DirectoryError", "LiveDirectory", "card", "card_more", "contact_data", "read_directory"]
