"""The support directory: who to call, in which country, for what."""
from chatbot.directory.load import Contact, Directory, DirectoryError, load_directory

__all__ = ["Contact", "Directory", "DirectoryError", "load_directory"]
