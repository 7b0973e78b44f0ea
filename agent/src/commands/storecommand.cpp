#include "commands.h"

#include "queue/storecopy.h"

#include <QTextStream>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent::commands {

// sluice-agent store migrate --from FILE.db: an embedded store copied into the PostgreSQL database
// the configuration names, which must be empty. Stop the agent that writes the file first.
int store(const AgentConfig &config, const QStringList &args, const QString &from)
{
    QTextStream err(stderr);
    if (args != QStringList{u"store"_s, u"migrate"_s} || from.isEmpty()) {
        err << "usage: sluice-agent --config FILE store migrate --from SQLITE_FILE\n";
        return 2;
    }
    if (config.store.backend != StoreConfig::Backend::Postgres) {
        err << "sluice-agent: the configuration's store is not PostgreSQL: set store.backend to \"postgresql\" "
               "and store.postgresql to the database to copy into\n";
        return 2;
    }
    QString error;
    const auto counts = copySqliteToPostgres(from, config.store.postgres, &error);
    if (!counts) {
        err << "sluice-agent: " << error << "; nothing was copied\n";
        return 1;
    }
    QTextStream out(stdout);
    for (const auto &[table, rows] : *counts)
        out << table << ": " << rows << '\n';
    out << "copied " << from << " into the PostgreSQL database \"" << config.store.postgres.database << "\"\n";
    return 0;
}

} // namespace sluice::agent::commands
