#!/bin/sh
# Vendor Chart.js into zwgk/front/static/front/vendor/chartjs/, so the dashboard
# charts are served by zwgk itself and never from a CDN (offices often run with
# no internet access).
#
#     scripts/vendor_chartjs.sh [VERSION]
#
# Fetches the package from the npm registry with `npm pack` (npm checks the
# tarball's integrity against the registry), and copies its UMD build (minus
# the source-map comment), its licence and a VERSION file. The result is
# committed; run this again only to move to another version, then update the
# pin below.
set -eu

VERSION="${1:-4.6.1}"

root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/zwgk/front/static/front/vendor/chartjs"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

cd "$tmp"
tarball=$(npm pack --silent "chart.js@$VERSION" 2>/dev/null | tail -n 1)
if [ -z "$tarball" ] || [ ! -f "$tarball" ]; then
	echo "npm pack chart.js@$VERSION failed" >&2
	exit 1
fi
tar -xzf "$tarball"

packed=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' package/package.json | head -n 1)
if [ "$packed" != "$VERSION" ]; then
	echo "expected chart.js $VERSION, npm gave $packed" >&2
	exit 1
fi

if [ -f package/dist/chart.umd.min.js ]; then
	js=chart.umd.min.js
elif [ -f package/dist/chart.umd.js ]; then
	js=chart.umd.js
else
	echo "chart.js $VERSION has no dist/chart.umd(.min).js" >&2
	exit 1
fi

mkdir -p "$dest"
rm -f "$dest"/chart.umd.js "$dest"/chart.umd.min.js
# The 1 MB source map is not vendored, so drop the comment pointing at it: a
# dangling sourceMappingURL makes Django's ManifestStaticFilesStorage refuse to
# collect the file. Apart from that line the file is upstream's, byte for byte.
sed '/^\/\/# sourceMappingURL=/d' "package/dist/$js" >"$dest/$js"
cp package/LICENSE.md "$dest/LICENSE.md"
printf '%s\n' "$VERSION" >"$dest/VERSION"

echo "chart.js $VERSION -> ${dest#"$root"/}/$js"
