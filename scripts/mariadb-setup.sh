#!/usr/bin/env bash
# Starts the local MariaDB if it is down and creates the project's user, which may create
# and drop the taipei_trip* databases (and Django's test_taipei_trip* ones).
set -euo pipefail

DB_USER=${DB_USER:-taipei_trip}
DB_PASSWORD=${DB_PASSWORD:-taipei_trip}

if ! mariadb-admin ping --silent 2>/dev/null; then
    if [ "$(id -u)" != 0 ]; then
        echo "MariaDB is not running and only root can start it here." >&2
        exit 1
    fi
    echo "Starting MariaDB..."
    install -d -m 0755 -o mysql -g root /run/mysqld
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
    for _ in $(seq 1 60); do
        mariadb-admin ping --silent 2>/dev/null && break
        sleep 0.5
    done
    mariadb-admin ping --silent
fi

# Already usable: nothing to create.
if mariadb -h 127.0.0.1 -u "$DB_USER" -p"$DB_PASSWORD" -e "SELECT 1" >/dev/null 2>&1; then
    exit 0
fi

# Root reaches the server through the unix socket on a stock Debian install.
mariadb -u root <<SQL
CREATE USER IF NOT EXISTS '${DB_USER}'@'localhost' IDENTIFIED BY '${DB_PASSWORD}';
CREATE USER IF NOT EXISTS '${DB_USER}'@'127.0.0.1' IDENTIFIED BY '${DB_PASSWORD}';
GRANT ALL PRIVILEGES ON \`taipei\\_trip%\`.* TO '${DB_USER}'@'localhost';
GRANT ALL PRIVILEGES ON \`taipei\\_trip%\`.* TO '${DB_USER}'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`test\\_taipei\\_trip%\`.* TO '${DB_USER}'@'localhost';
GRANT ALL PRIVILEGES ON \`test\\_taipei\\_trip%\`.* TO '${DB_USER}'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL
echo "MariaDB user ${DB_USER} ready."
