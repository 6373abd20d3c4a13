# haka Makefile. Lab targets drive lab/lab.sh (root needed; set LAB_ID=1..9 for a second lab).
SHELL := /bin/bash
LAB := lab/lab.sh
LAB_LBS ?= 3
LAB_FLATCAR ?= 1

.PHONY: deps npm-deps build pack test-pack lint test test-unit test-e2e demo demo-flatcar bench lab-deps lab-build lab-up lab-down lab-status check install uninstall inventory-given

# Quick start (README): `make demo` runs haka's main job on the lab; `make test` runs every test.
demo: deps build lab-build
	scripts/demo.sh

# The same demo on three Flatcar-like hosts (system extension images instead of packages).
demo-flatcar: deps build lab-build
	DEMO_FLATCAR=1 scripts/demo.sh

test: deps build lab-build
	npm run test:unit
	scripts/pack-test.sh
	scripts/test-e2e.sh

# Debian packages + npm ci (idempotent); needs root and Node.js >= 20.
deps:
	scripts/deps.sh

# npm ci only: building and packing need Node.js >= 20, no root, no apt.
npm-deps:
	scripts/npm-deps.sh

build: npm-deps
	npm run build

# The tarball operators install on the jump host: npm install -g ./.pack/haka-X.tgz
pack: npm-deps
	mkdir -p .pack
	npm pack --pack-destination .pack

# The tarball installed into a temporary prefix and run from outside the repository.
test-pack: npm-deps
	scripts/pack-test.sh

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
	@pkgs="debootstrap systemd-container iproute2 util-linux openssh-client curl xz-utils python3 openssl squashfs-tools"; \
	missing=$$(for p in $$pkgs; do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	else echo "lab-deps: all installed ($$pkgs)"; fi

lab-build: lab-deps
	$(LAB) build
	$(LAB) sysext

lab-up: lab-build
	$(LAB) up $(LAB_LBS) --flatcar $(LAB_FLATCAR)

lab-down:
	$(LAB) down

lab-status:
	$(LAB) status

# Operators (as with the Ansible repository's Makefile): haka against YOUR inventory, named
# explicitly (no default: a real inventory is never picked by accident). HAKA_ARGS adds options,
# e.g.  make install INVENTORY=prod.yaml HAKA_ARGS="--limit loadbalancer2"
INVENTORY ?=
HAKA_ARGS ?=
inventory-given:
	$(if $(INVENTORY),,$(error set INVENTORY=path/to/inventory.yaml))

check: inventory-given build
	bin/haka check --diff -i $(INVENTORY) $(HAKA_ARGS)

install: inventory-given build
	bin/haka install --diff -i $(INVENTORY) $(HAKA_ARGS)

uninstall: inventory-given build
	bin/haka uninstall -i $(INVENTORY) $(HAKA_ARGS)
