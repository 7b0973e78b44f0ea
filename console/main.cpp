// sluice-console: the desktop console of a Sluice agent (docs/console.md).
#include "agentsession.h"
#include "consoleapp.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"Sluice"_s);
    QApplication::setApplicationName(u"sluice-console"_s);
    QApplication::setApplicationDisplayName(u"Sluice Console"_s);
    QApplication::setApplicationVersion(QStringLiteral(SLUICE_VERSION));
    QApplication::setDesktopFileName(u"be.sluice.console"_s);
    QApplication::setWindowIcon(QIcon(u":/icons/sluice.svg"_s));

    QCommandLineParser parser;
    parser.setApplicationDescription(u"The desktop console of a Sluice agent."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption agent(u"agent"_s,
                                   u"Connect to the agent at URL (ws:// or wss://) with the token in "
                                   u"the environment variable SLUICE_TOKEN."_s,
                                   u"URL"_s);
    parser.addOption(agent);
    parser.process(app);

    sluice::console::ConsoleApp console;
    console.window().show();
    const QString token = qEnvironmentVariable("SLUICE_TOKEN");
    if (parser.isSet(agent) && !token.isEmpty()) {
        console.connectTo({u"command line"_s, QUrl(parser.value(agent)), {}}, token, false);
    } else {
        // After the window is shown, so the dialog sits on top of it.
        QTimer::singleShot(0, &console, &sluice::console::ConsoleApp::chooseAgent);
    }
    return QApplication::exec();
}
