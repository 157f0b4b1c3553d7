# The two commands a newcomer needs: `make run` and `make test` (see README.md).
.PHONY: run test setup train validate directory test-unit test-nlu test-stories test-e2e test-browser test-replicas nlu-compare nlu-cv widget-size bench purge audit clean

run:            ## set up, train if needed, start everything, print the chat URL
	@bash scripts/run.sh

test:           ## set up and run every check (what CI runs)
	@bash scripts/test.sh

setup:          ## create .venv and install the pinned packages
	@bash scripts/setup.sh

train:          ## train the model if data, domain or config changed
	@bash scripts/setup.sh && bash scripts/train.sh

directory:      ## load data/directory/ into the database and print the freshness report
	@bash scripts/test.sh directory

validate:       ## rasa data validate, warnings fail
	@bash scripts/test.sh validate

test-unit:      ## only the unit tests
	@bash scripts/test.sh unit

test-nlu:       ## only the NLU evaluation on the held-out set
	@bash scripts/test.sh nlu

test-stories:   ## only the test stories
	@bash scripts/test.sh stories

test-e2e:       ## only the end-to-end tests (real servers)
	@bash scripts/test.sh e2e

test-browser:   ## only the browser tests (headless Chromium; installs it if missing)
	@bash scripts/test.sh browser

widget-size:    ## the widget's JS + CSS, gzipped
	@.venv/bin/python -m bench.widget_size

test-replicas:  ## only the two-replica test (PostgreSQL + Redis)
	@bash scripts/test.sh replicas

nlu-compare:    ## measure our pipeline against a plain char-n-gram one
	@bash scripts/setup.sh && .venv/bin/python -m bench.nlu_compare

nlu-cv:         ## per-language 5-fold cross-validation of the NLU pipeline (slow, ~40 min)
	@bash scripts/setup.sh && .venv/bin/python -m bench.nlu_cv $(ARGS)

purge:          ## delete conversations older than CHATBOT_RETENTION_DAYS (7); safe to run from cron
	@.venv/bin/python -m chatbot.privacy purge

bench:          ## load benchmark against Rasa's default pipeline (docs/benchmarks.md; ~30 min)
	@bash scripts/setup.sh && bash -c 'source scripts/common.sh && "$$PY" -m bench.load'

audit:          ## pip-audit of requirements/lock.txt in a throwaway venv (needs PyPI's JSON API or OSV online; docs/security.md)
	@bash scripts/audit.sh

clean:          ## remove trained models and results (keeps .venv)
	rm -rf models results var
