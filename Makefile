# Ferry: two commands to remember. See README.md.
.PHONY: run test stop build format reencrypt-secrets bench run-cluster test-cluster

run:           ## build and start everything, then demo every flow
	@bash scripts/run.sh

test:          ## every test, against a real Temporal dev server and PostgreSQL
	@bash scripts/test.sh

stop:          ## stop what `make run` or `make run-cluster` started
	@bash scripts/stop.sh

run-cluster:   ## the production shape: PostgreSQL, Temporal server + Web UI, two workers, two APIs; then the demos
	@bash scripts/run-cluster.sh

test-cluster:  ## fault tests against that shape (workers killed, Temporal and PostgreSQL restarted, ...)
	@bash scripts/test-cluster.sh

build:         ## compile and package without tests
	@bash -c 'source scripts/lib.sh && find_java && cd "$$FERRY_ROOT" && mvn_cmd -q -DskipTests package'

format:        ## apply the project's formatter (google-java-format via Spotless) to every module
	@bash -c 'source scripts/lib.sh && find_java && cd "$$FERRY_ROOT" && mvn_cmd -q spotless:apply'

reencrypt-secrets: ## re-seal every stored secret under the newest key of FERRY_SECRET_KEYS
	@bash scripts/reencrypt-secrets.sh

bench:         ## run the benchmarks recorded in docs/benchmarks.md
	@bash scripts/bench.sh
