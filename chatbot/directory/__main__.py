import sys

from chatbot.directory.cli import main

sys.exit(main())
