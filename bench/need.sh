# Sourced by the bench scripts: need COMMAND DEBIAN_PACKAGE installs the package with apt-get when the
# command is missing and the script runs as root, and stops the script otherwise.
need() {
    command -v "$1" >/dev/null 2>&1 && return
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        echo "Installing $2 ..." >&2
        apt-get update -qq >/dev/null && apt-get install -y -qq "$2" >/dev/null
    fi
    command -v "$1" >/dev/null 2>&1 || { echo "bench: $1 is needed (apt-get install $2)" >&2; exit 1; }
}
