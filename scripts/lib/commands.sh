# Sourced by deploy.sh and cleanup.sh: print every command, run it unless this is a dry run.
# The caller sets dry_run=true|false before calling run or capture.

# Commands are echoed on fd 3 (stdout), also from inside $(...), so they print in order.
exec 3>&1

# Shell-quotes one argument only where needed, so a printed command can be pasted back.
show() {
  local out="+" arg
  for arg in "$@"; do
    if [[ "${arg}" =~ ^[A-Za-z0-9_./:=,@+%-]+$ ]]; then
      out+=" ${arg}"
    else
      out+=" '${arg//\'/\'\\\'\'}'"
    fi
  done
  echo "${out}" >&3
}

# Prints a command, then runs it unless this is a dry run.
run() {
  show "$@"
  if [ "${dry_run}" = false ]; then
    "$@"
  fi
}

# Prints a command and runs it for its output; a dry run answers with the placeholder $1.
capture() {
  local placeholder=$1
  shift
  show "$@"
  if [ "${dry_run}" = true ]; then
    echo "${placeholder}"
  else
    "$@"
  fi
}
