# Thin wrapper over meson for a fresh Debian 12 machine.
#   make run    install what is missing, build, run on the demo dataset
#   make check  install what is missing, build, run every test headless

BUILDDIR ?= build
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

DEBS = build-essential meson ninja-build pkg-config gettext \
       libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev \
       libsoup-3.0-dev libjson-glib-dev libsqlite3-dev sqlite3 \
       libnotify-dev libical-dev libcurl4-openssl-dev libsecret-1-dev \
       libcairo2-dev shared-mime-info librsvg2-common tzdata \
       libx11-dev libxtst-dev \
       desktop-file-utils appstream xvfb xauth dbus dbus-daemon \
       locales adwaita-icon-theme fonts-cantarell \
       prometheus-alertmanager python3-aiosmtpd python3-jsonschema \
       baresip-core sip-tester

.PHONY: all deps build run check clean

all: build

deps:
	@missing=""; \
	for p in $(DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@# GTK sniffs its SVG icons through the MIME database; some images ship it emptied.
	@if [ ! -s /usr/share/mime/mime.cache ]; then \
	  echo "Restoring the shared MIME database"; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --reinstall shared-mime-info; \
	fi
	@if ! locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$$'; then \
	  echo "Generating the fr_FR.UTF-8 locale"; \
	  $(SUDO) sed -i 's/^# *\(fr_FR.UTF-8 UTF-8\)/\1/' /etc/locale.gen && $(SUDO) locale-gen >/dev/null; \
	fi

$(BUILDDIR)/build.ninja:
	meson setup $(BUILDDIR) --buildtype=debugoptimized -Dwerror=true

build: deps $(BUILDDIR)/build.ninja
	ninja -C $(BUILDDIR)

run: build
	GSETTINGS_SCHEMA_DIR=$(BUILDDIR)/data VIGIE_LOCALEDIR=$(BUILDDIR)/po \
	  $(BUILDDIR)/tests/vigie-demo-receiver --port 8765 & receiver=$$!; \
	GSETTINGS_SCHEMA_DIR=$(BUILDDIR)/data VIGIE_LOCALEDIR=$(BUILDDIR)/po \
	  $(BUILDDIR)/src/gui/vigie; status=$$?; \
	kill $$receiver 2>/dev/null; exit $$status

check: build
	dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
	  meson test -C $(BUILDDIR) --print-errorlogs

clean:
	rm -rf $(BUILDDIR)
