# haka Makefile. Lab targets drive lab/lab.sh (root needed; set LAB_ID=1..9 for a second lab).
SHELL := /bin/bash
LAB := lab/lab.sh
LAB_LBS ?= 3
LAB_FLATCAR ?= 1

.PHONY: deps build lint test test-unit test-e2e demo bench lab-deps lab-build lab-up lab-down lab-status

# Quick start (README): `make demo` runs haka's main job on the lab; `make test` runs every test.
demo: deps build lab-build
	scripts/demo.sh

test: deps build lab-build
	npm run test:unit
	scripts/test-e2e.sh

# Debian packages + npm ci (idempotent); needs root and Node.js >= 20.
deps:
	scripts/deps.sh

build: deps
	npm run build

lint: deps
	npm run typecheck
	npm run lint

test-unit: deps
	npm run test:unit

test-e2e: deps build lab-build
	scripts/test-e2e.sh

bench: deps
	npm run bench

# What the lab needs on a fresh Debian 12 machine (idempotent: apt-get skips installed packages).
lab-deps:
	@pkgs="debootstrap systemd-container iproute2 util-linux openssh-client curl xz-utils python3 openssl"; \
	missing=$$(for p in $$pkgs; do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	else echo "lab-deps: all installed ($$pkgs)"; fi

lab-build: lab-deps
	$(LAB) build

lab-up: lab-build
	$(LAB) up $(LAB_LBS) --flatcar $(LAB_FLATCAR)

lab-down:
	$(LAB) down

lab-status:
	$(LAB) status
