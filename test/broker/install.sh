#!/usr/bin/env bash
# Installs the pinned Pact Broker (Gemfile.lock beside this script) once per machine, and a
# SQLite database migrated once, which each test broker starts from a copy of.
#
#   install.sh            install if not yet installed; prints the install folder
#   install.sh --where    prints the install folder, installs nothing (exit 3 when not installed)
#
# The folder is under the user's cache, keyed by the lockfile's hash, so a fresh clone of the
# same lockfile finds it installed and a changed lockfile installs beside it:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/apinizer-connections/gems/<hash>/
# It holds the gems (Bundler's path), Bundler's settings, template.sqlite3 and `ready` (written
# last: a folder without it is an install that did not finish, and is installed again).
# Needs Ruby with Bundler (Debian: ruby, ruby-dev, ruby-bundler), a C compiler, and the headers of
# libsqlite3, libxml2 and libxslt: nokogiri's and sqlite3's precompiled gems need a newer RubyGems
# than Debian 12's (3.3.15), so both are built against the system's libraries.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
lock="$here/Gemfile.lock"
hash="$(sha256sum "$lock" | cut -c1-16)"
dir="${XDG_CACHE_HOME:-$HOME/.cache}/apinizer-connections/gems/$hash"

if [[ "${1:-}" == "--where" ]]; then
  echo "$dir"
  [[ -f "$dir/ready" ]] || exit 3
  exit 0
fi
if [[ -f "$dir/ready" ]]; then
  echo "$dir"
  exit 0
fi

for tool in ruby bundle; do
  command -v "$tool" >/dev/null || { echo "install.sh: $tool not found (Debian: apt-get install ruby-dev ruby-bundler)" >&2; exit 1; }
done

mkdir -p "$dir"
# One install at a time per folder (two worktrees, or a test run beside .ci/run).
exec 9>"$dir/.lock"
flock 9
if [[ -f "$dir/ready" ]]; then
  echo "$dir"
  exit 0
fi

export BUNDLE_GEMFILE="$here/Gemfile" BUNDLE_PATH="$dir/bundle" BUNDLE_APP_CONFIG="$dir/bundle-config"
export BUNDLE_FROZEN=true BUNDLE_JOBS=2 BUNDLE_RETRY=2
export BUNDLE_BUILD__NOKOGIRI="--use-system-libraries" BUNDLE_BUILD__SQLITE3="--enable-system-libraries"
started=$SECONDS
echo "install.sh: installing the Pact Broker's gems into $dir (once per machine)" >&2
bundle install --quiet >&2

# The database every test broker starts from: migrated once here, copied for each broker.
template="$dir/template.sqlite3"
rm -f "$template"
PACT_BROKER_DATABASE_URL="sqlite:///$template" PACT_BROKER_SEED_EXAMPLE_DATA=false \
  PACT_BROKER_LOG_STREAM=stdout PACT_BROKER_LOG_LEVEL=error \
  bundle exec ruby -e 'require "pact_broker"; PactBroker::App.new' >&2
[[ -s "$template" ]] || { echo "install.sh: the database was not created at $template" >&2; exit 1; }
touch "$dir/ready"
echo "install.sh: installed in $((SECONDS - started)) s" >&2
echo "$dir"
