#!/usr/bin/env bash
# Builds SkinGPT and starts it on its embedded defaults, in the foreground with the Karaf shell.
#   ./run.sh                 build (if needed), create the first admin (if none), start
#   SKINGPT_REBUILD=1 ./run.sh   force a rebuild first
# The first admin can also be given without a prompt:
#   SKINGPT_ADMIN_USER=alice SKINGPT_ADMIN_PASSWORD='...' ./run.sh
set -euo pipefail
cd "$(dirname "$0")"

home=karaf-assembly/target/assembly
if [[ ! -x "$home/bin/karaf" || "${SKINGPT_REBUILD:-0}" == 1 ]]; then
  echo "Building SkinGPT (first time: a few minutes, Maven fetches dependencies)..."
  mvn -q -B install -DskipTests
fi
chmod +x "$home"/bin/*

# Karaf ships without any user (no karaf/karaf). Create the first admin once.
users="$home/etc/users.properties"
if ! grep -Eq '^[^#_][^=]*=' "$users"; then
  user="${SKINGPT_ADMIN_USER:-}"
  password="${SKINGPT_ADMIN_PASSWORD:-}"
  if [[ -z "$user" ]]; then
    read -rp "No user exists yet. Name of the first SkinGPT admin: " user
  fi
  if [[ -z "$password" ]]; then
    read -rsp "Password for $user (at least 10 characters): " password; echo
  fi
  if [[ ! "$user" =~ ^[A-Za-z0-9._-]{2,64}$ ]]; then
    echo "The user name may contain letters, digits, '.', '_' and '-' (2 to 64 characters)." >&2; exit 2
  fi
  if (( ${#password} < 10 )) || [[ "$password" == *","* ]]; then
    echo "The password needs at least 10 characters and no comma." >&2; exit 2
  fi
  # Karaf replaces it by its bcrypt hash when it reads the file (etc/org.apache.karaf.jaas.cfg).
  printf '\n%s = %s,_g_:admingroup\n' "$user" "$password" >> "$users"
  echo "Admin '$user' created (roles admin, clinician, reviewer)."
fi

port=$(sed -n 's/^org.osgi.service.http.port *= *//p' "$home/etc/org.apache.felix.http.cfg")
echo
echo "SkinGPT console: http://127.0.0.1:${port}/   (demo models are synthetic: not for clinical use)"
echo "Type 'shutdown -f' or Ctrl-D in the Karaf shell to stop."
echo
exec "$home/bin/karaf"
