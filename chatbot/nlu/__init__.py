"""Our Rasa graph components. Importing the package also speeds up model loading (fast_load)."""
from chatbot.nlu import fast_load

fast_load.install()
