# Python with the bcrypt and PyJWT modules, which make an Open WebUI user's password hash and session token in
# the Open WebUI database test (test/Switchboard.Server.Tests/OpenWebUI). Exports SWITCHBOARD_TEST_PYTHON, the
# interpreter that imports both (Debian's python3-bcrypt and python3-jwt are installed when missing).
_python_with_modules() {
  local p
  for p in /usr/bin/python3 "$(command -v python3 2>/dev/null)"; do
    if [ -n "$p" ] && [ -x "$p" ] && "$p" -c 'import bcrypt, jwt' >/dev/null 2>&1; then
      echo "$p"
      return 0
    fi
  done
  return 1
}
if ! _python_with_modules >/dev/null; then
  say "Installing python3-bcrypt and python3-jwt (Debian packages)"
  apt_install python3 python3-bcrypt python3-jwt || true
fi
if _py=$(_python_with_modules); then
  export SWITCHBOARD_TEST_PYTHON="$_py"
  echo "Python $("$_py" -c 'import sys, bcrypt, jwt; print(sys.version.split()[0], "bcrypt", bcrypt.__version__, "PyJWT", jwt.__version__)')"
else
  service_missing "Python with bcrypt and PyJWT" "install the Debian packages python3-bcrypt and python3-jwt"
fi
