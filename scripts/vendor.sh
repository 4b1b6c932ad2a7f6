#!/usr/bin/env bash
# Copies the front-end files the pages need from node_modules/ (installed by `npm ci`) into
# veilig/static/vendor/, which is git-ignored. Nothing is fetched from a CDN at run time.
#
# Idempotent: the target directory is rebuilt from scratch on every run.
# Loud: a file that is missing (e.g. after a package changed its layout) stops the script
# with a message naming it, instead of leaving a page without its styles.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NM="$ROOT/node_modules"
OUT="$ROOT/veilig/static/vendor"

fail() {
  echo "vendor.sh: $*" >&2
  exit 1
}

[ -d "$NM" ] || fail "node_modules/ is missing; run 'npm ci' first."

# copy <source relative to node_modules> <target relative to vendor/>
copy() {
  local src="$NM/$1" dst="$OUT/$2"
  [ -f "$src" ] || fail "missing file: node_modules/$1"
  mkdir -p "$(dirname "$dst")"
  cp "$src" "$dst"
}

# Copies a Fontsource CSS file and exactly the font files it refers to, so that the
# relative url(./files/...) references keep working and nothing unused is shipped.
copy_font_css() {
  local package="$1" css="$2" target="$3"
  copy "$package/$css" "$target/$css"
  local ref
  while IFS= read -r ref; do
    copy "$package/$ref" "$target/$ref"
  done < <(grep -oE 'url\(\./files/[^)]+\)' "$NM/$package/$css" | sed -E 's/^url\(\.\///; s/\)$//' | sort -u)
}

mkdir -p "$(dirname "$OUT")"
STAGE="$(mktemp -d "$ROOT/veilig/static/.vendor-XXXXXX")"
chmod 755 "$STAGE"
trap 'rm -rf "$STAGE"' EXIT
FINAL_OUT="$OUT"
OUT="$STAGE"

# --- NL Design System: theme (design tokens) and component CSS -------------------------------
copy "@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css" "nl-design-system/voorbeeld-theme.css"
copy "@nl-design-system-unstable/voorbeeld-design-tokens/LICENSE.md" "nl-design-system/LICENSE-voorbeeld-design-tokens.md"
copy "@utrecht/component-library-css/dist/index.css" "nl-design-system/utrecht-component-library.css"
copy "@utrecht/component-library-css/LICENSE.md" "nl-design-system/LICENSE-utrecht.md"
for component in code heading link paragraph skip-link; do
  copy "@nl-design-system-candidate/$component-css/dist/$component.css" "nl-design-system/candidate/$component.css"
  # The stylesheet names its source map; the static-files manifest refuses a missing one.
  copy "@nl-design-system-candidate/$component-css/dist/$component.css.map" "nl-design-system/candidate/$component.css.map"
done
copy "@nl-design-system-candidate/heading-css/LICENSE.md" "nl-design-system/candidate/LICENSE.md"

# --- Fonts (SIL Open Font License), self-hosted ----------------------------------------------
copy_font_css "@fontsource/noto-sans" "400.css" "fonts/noto-sans"
copy_font_css "@fontsource/noto-sans" "400-italic.css" "fonts/noto-sans"
copy_font_css "@fontsource/noto-sans" "700.css" "fonts/noto-sans"
copy "@fontsource/noto-sans/LICENSE" "fonts/noto-sans/LICENSE"
copy_font_css "@fontsource/noto-serif" "700.css" "fonts/noto-serif"
copy "@fontsource/noto-serif/LICENSE" "fonts/noto-serif/LICENSE"
copy_font_css "@fontsource/noto-sans-mono" "400.css" "fonts/noto-sans-mono"
copy "@fontsource/noto-sans-mono/LICENSE" "fonts/noto-sans-mono/LICENSE"

# --- Leaflet (maps, no tile server) ----------------------------------------------------------
copy "leaflet/dist/leaflet.js" "leaflet/leaflet.js"
copy "leaflet/dist/leaflet.js.map" "leaflet/leaflet.js.map"
copy "leaflet/dist/leaflet.css" "leaflet/leaflet.css"
for image in layers.png layers-2x.png marker-icon.png marker-icon-2x.png marker-shadow.png; do
  copy "leaflet/dist/images/$image" "leaflet/images/$image"
done
copy "leaflet/LICENSE" "leaflet/LICENSE"

# --- htmx (progressive enhancement) ----------------------------------------------------------
copy "htmx.org/dist/htmx.min.js" "htmx/htmx.min.js"
copy "htmx.org/LICENSE" "htmx/LICENSE"

# --- Vega, Vega-Lite, vega-embed (charts; docs/charts.md) -------------------------------------
copy "vega/build/vega.min.js" "vega/vega.min.js"
copy "vega/LICENSE" "vega/LICENSE-vega"
copy "vega-lite/build/vega-lite.min.js" "vega/vega-lite.min.js"
copy "vega-lite/build/vega-lite.min.js.map" "vega/vega-lite.min.js.map"
copy "vega-lite/LICENSE" "vega/LICENSE-vega-lite"
copy "vega-embed/build/vega-embed.min.js" "vega/vega-embed.min.js"
copy "vega-embed/build/vega-embed.min.js.map" "vega/vega-embed.min.js.map"
copy "vega-embed/LICENSE" "vega/LICENSE-vega-embed"
copy "vega-interpreter/LICENSE" "vega/LICENSE-vega-interpreter"
# The expression interpreter lets Vega run without eval (the CSP has no 'unsafe-eval'). Its
# package ships only an ES module that imports three names from the bare specifier 'vega-util',
# which a browser cannot resolve without an (inline, so CSP-blocked) import map. The vega
# bundle already exports those names, so the module becomes a classic script that takes them
# from the global `vega` and adds `vega.expressionInterpreter`. Both lines are checked exactly,
# so a new release with another layout stops here instead of shipping a broken file.
interpreter_script() {
  local src="$NM/vega-interpreter/build/vega-interpreter.js" dst="$OUT/vega/vega-interpreter.js"
  local import_line="import { ascending, isString, DisallowedObjectProperties } from 'vega-util';"
  local export_line="export { expression as expressionInterpreter };"
  [ -f "$src" ] || fail "missing file: node_modules/vega-interpreter/build/vega-interpreter.js"
  [ "$(grep -c '^import ' "$src")" = 1 ] && [ "$(head -n 1 "$src")" = "$import_line" ] \
    || fail "vega-interpreter: unexpected imports; update interpreter_script in scripts/vendor.sh"
  [ "$(grep -c '^export ' "$src")" = 1 ] && grep -qxF "$export_line" "$src" \
    || fail "vega-interpreter: unexpected exports; update interpreter_script in scripts/vendor.sh"
  {
    echo "/* vega-interpreter (BSD-3-Clause), rewritten by scripts/vendor.sh as a classic script. */"
    echo "(function (vega) {"
    echo "\"use strict\";"
    echo "const { ascending, isString, DisallowedObjectProperties } = vega;"
    # Without its source map line: the map no longer matches the rewritten lines.
    tail -n +2 "$src" | grep -vxF "$export_line" | grep -v '^//# sourceMappingURL='
    echo "vega.expressionInterpreter = expression;"
    echo "})(globalThis.vega);"
  } >"$dst"
}
interpreter_script

# Swap the freshly built tree into place only when every copy succeeded.
rm -rf "$FINAL_OUT"
mv "$STAGE" "$FINAL_OUT"
trap - EXIT
echo "vendor.sh: $(find "$FINAL_OUT" -type f | wc -l) files in ${FINAL_OUT#"$ROOT"/}"
