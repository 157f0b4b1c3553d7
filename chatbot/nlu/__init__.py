"""Our Rasa graph components. Importing the package also speeds up model loading (fast_load)
and the check of each action server answer (fast_actions)."""
from chatbot.nlu import fast_actions, fast_load

fast_load.install()
fast_actions.install()
