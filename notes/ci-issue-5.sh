# .ci/run additions for issue 5 — put these before `npm ci`.
# The browser tests (test/browser.test.ts) need Debian's Chromium at /usr/bin/chromium and the
# HTML checks (test/validity.test.ts) need Java for vnu.jar; with CI=true, tests fail (not skip)
# when either is missing. Nothing downloads a browser or a JRE of its own (vnu-jar's postinstall
# is disabled in allowScripts).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}"
fi
java -version 2>&1 | head -1
chromium --version 2>/dev/null || true
