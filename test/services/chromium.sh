# Chromium for the Admin UI browser test (driven by npm playwright-core from test/interop; Playwright's own browser
# download is not used). Exports SWITCHBOARD_TEST_CHROMIUM (the chromium binary).
_chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$_chromium" ]; then
  say "Installing chromium (Debian package)"
  apt_install chromium || true
  _chromium=$(command -v chromium || command -v chromium-browser || true)
fi
if [ -n "$_chromium" ]; then
  export SWITCHBOARD_TEST_CHROMIUM="$_chromium"
  echo "chromium $("$_chromium" --version 2>/dev/null | grep -o '[0-9][0-9.]*' | head -1) at $SWITCHBOARD_TEST_CHROMIUM"
else
  service_missing chromium "install the Debian package chromium"
fi
