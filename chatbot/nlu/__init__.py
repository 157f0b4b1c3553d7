"""Our Rasa graph components. Importing the package also speeds up model loading (fast_load),
the check of each action server answer (fast_actions), reading stored events (fast_events)
and calls to the action server (fast_http)."""
from chatbot.nlu import fast_actions, fast_events, fast_http, fast_load

fast_load.install()
fast_actions.install()
fast_events.install()
fast_http.install()
