# Sourced by the benchmarks that run on PostgreSQL (database-latency.sh, cluster.sh): from PG_URL
# (a JDBC URL) and PG_USER, pg_server (the URL without database and parameters, for
# "jdbc:${pg_server}/<database>") and psql_admin (psql on that server's postgres database).
pg_server="${PG_URL#jdbc:}"
pg_server="${pg_server%%\?*}"
pg_server="${pg_server%/*}"
psql_admin=(psql -X -q -v ON_ERROR_STOP=1 -d "${pg_server}/postgres?user=$PG_USER")
