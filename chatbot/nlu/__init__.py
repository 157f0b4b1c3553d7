"""Our Rasa graph components. Importing the package also speeds up model loading (fast_load),
the check of each action server answer (fast_actions) and reading stored events (fast_events)."""
from chatbot.nlu import fast_actions, fast_events, fast_load

fast_load.install()
fast_actions.install()
fast_events.install()
