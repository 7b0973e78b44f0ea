#include "commands.h"

#include "queue/store.h"
#include "register/register.h"
#include "register/registerexport.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QTextStream>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent::commands {

// sluice-agent register export asyncapi|markdown|html [FILE]: the documents the agent serves, from
// the register in its store (a running agent writes it every second).
int registerExport(const AgentConfig &config, const QStringList &args)
{
    QTextStream err(stderr);
    static const QStringList formats = {u"asyncapi"_s, u"markdown"_s, u"html"_s};
    if (args.size() < 3 || args.size() > 4 || args.at(1) != u"export" || !formats.contains(args.at(2))) {
        err << "usage: sluice-agent [--config FILE] register export asyncapi|markdown|html [OUTPUT]\n";
        return 2;
    }
    Store store(u"cli"_s);
    QString error;
    EventRegister eventRegister(config.eventRegister);
    if (!store.open(config.store, true, &error) || !eventRegister.load(store, &error)) {
        err << "sluice-agent: " << error << '\n';
        return 1;
    }
    const CatalogueInfo info{u"Sluice event catalogue"_s, QCoreApplication::applicationVersion(), QString()};
    const QList<RegisterEntry> entries = eventRegister.entries();
    QByteArray document;
    if (args.at(2) == u"asyncapi")
        document = QJsonDocument(asyncApiDocument(entries, info)).toJson(QJsonDocument::Indented);
    else if (args.at(2) == u"markdown")
        document = markdownCatalogue(entries, info).toUtf8();
    else
        document = htmlCatalogue(entries, info).toUtf8();
    if (args.size() == 3) {
        QFile out;
        if (!out.open(stdout, QIODevice::WriteOnly))
            return 1;
        out.write(document);
        return 0;
    }
    QSaveFile file(args.at(3));
    if (!file.open(QIODevice::WriteOnly) || file.write(document) != document.size() || !file.commit()) {
        err << "sluice-agent: cannot write " << args.at(3) << ": " << file.errorString() << '\n';
        return 1;
    }
    err << args.at(3) << ": " << exposedEntries(entries).size() << " exposed event types\n";
    return 0;
}

} // namespace sluice::agent::commands
