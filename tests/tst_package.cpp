// The sluice-agent package: built with cpack -G DEB from this build tree, inspected with dpkg-deb,
// installed into a throwaway root with dpkg (its maintainer scripts included), removed and purged;
// its systemd unit checked by systemd-analyze verify. And the sluice-console package beside it:
// the program, its .desktop file (desktop-file-validate) and icon, its dependencies.
#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

namespace {

struct Ran {
    int code = -1;
    QString out;
};

Ran run(const QString &program, const QStringList &arguments, const QString &directory = QString())
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    if (!directory.isEmpty())
        process.setWorkingDirectory(directory);
    process.start(program, arguments);
    if (!process.waitForFinished(180000))
        return {-1, u"%1 did not finish: %2"_s.arg(program, process.errorString())};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAll())};
}

// The mode column (-rwxr-xr-x) of path in a dpkg-deb -c listing; empty when it is not there.
QString modeIn(const QString &listing, const QString &path)
{
    for (const QString &line : listing.split(u'\n')) {
        if (line.endsWith(u" ./"_s + path))
            return line.section(u' ', 0, 0);
    }
    return QString();
}

} // namespace

class TestPackage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void controlAndFiles();
    void installsIntoAThrowawayRoot();
    void unitPassesSystemdAnalyzeVerify();
    void consolePackage();

private:
    QString m_deb;
    QString m_consoleDeb;
    QTemporaryDir m_dir;
};

void TestPackage::initTestCase()
{
    for (const QString &tool : {u"cpack"_s, u"dpkg-deb"_s, u"dpkg"_s, u"systemd-analyze"_s})
        QVERIFY2(!QStandardPaths::findExecutable(tool).isEmpty(),
                 qPrintable(tool + u" is missing: scripts/setup-debian.sh --test installs it"_s));
    const QString build = QStringLiteral(SLUICE_BINARY_DIR);
    const Ran cpack = run(
        u"cpack"_s, {u"-G"_s, u"DEB"_s, u"-B"_s, m_dir.path(), u"--config"_s, build + u"/CPackConfig.cmake"_s}, build);
    QVERIFY2(cpack.code == 0, qPrintable(cpack.out));
    const QStringList debs = QDir(m_dir.path()).entryList({u"sluice-agent_*.deb"_s});
    QCOMPARE(debs.size(), 1);
    m_deb = m_dir.filePath(debs.first());
    const QStringList consoles = QDir(m_dir.path()).entryList({u"sluice-console_*.deb"_s});
    QCOMPARE(consoles.size(), 1);
    m_consoleDeb = m_dir.filePath(consoles.first());
}

void TestPackage::controlAndFiles()
{
    const Ran info = run(u"dpkg-deb"_s, {u"-I"_s, m_deb});
    QVERIFY2(info.code == 0, qPrintable(info.out));
    QVERIFY(info.out.contains(u"Package: sluice-agent"_s));
    // Dependencies come from the shared libraries (dpkg-shlibdeps), plus systemd for the scripts
    // and the SQL driver plugins (SQLite required, PostgreSQL's recommended).
    for (const QString &dependency :
         {u"libqt6core6"_s, u"libqt6websockets6"_s, u"libqt6httpserver6"_s, u"librdkafka1"_s, u"libsystemd0"_s,
          u"systemd"_s, u"libqt6sql6-sqlite"_s, u"Recommends: libqt6sql6-psql"_s})
        QVERIFY2(info.out.contains(dependency), qPrintable(dependency + u" not in:\n"_s + info.out));
    // The maintainer scripts, executable, and the configuration as a conffile.
    for (const QString &script : {u"postinst"_s, u"prerm"_s, u"postrm"_s}) {
        static const QRegularExpression executable(u"\\d+ bytes,\\s+\\d+ lines\\s+\\*\\s+(\\w+)"_s);
        bool found = false;
        for (auto it = executable.globalMatch(info.out); it.hasNext();)
            found |= it.next().captured(1) == script;
        QVERIFY2(found, qPrintable(script + u" is not there, or not executable:\n"_s + info.out));
    }
    const Ran conffiles = run(u"dpkg-deb"_s, {u"--info"_s, m_deb, u"conffiles"_s});
    QCOMPARE(conffiles.out.trimmed(), u"/etc/sluice/sluice.json"_s);

    const Ran contents = run(u"dpkg-deb"_s, {u"-c"_s, m_deb});
    QVERIFY2(contents.code == 0, qPrintable(contents.out));
    auto mode = [&](const QString &path) { return modeIn(contents.out, path); };
    QCOMPARE(mode(u"usr/bin/sluice-agent"_s), u"-rwxr-xr-x"_s);
    QCOMPARE(mode(u"usr/bin/sluice-receiver"_s), u"-rwxr-xr-x"_s);
    QCOMPARE(mode(u"etc/sluice/sluice.json"_s), u"-rw-r-----"_s);
    QCOMPARE(mode(u"usr/lib/systemd/system/sluice-agent.service"_s), u"-rw-r--r--"_s);
    QCOMPARE(mode(u"usr/lib/sysusers.d/sluice.conf"_s), u"-rw-r--r--"_s);
    QCOMPARE(mode(u"usr/lib/tmpfiles.d/sluice.conf"_s), u"-rw-r--r--"_s);
    QCOMPARE(mode(u"usr/share/doc/sluice-agent/operations.md"_s), u"-rw-r--r--"_s);
    QVERIFY(contents.out.contains(u"root/root"_s));
}

void TestPackage::installsIntoAThrowawayRoot()
{
    const QString root = m_dir.filePath(u"root"_s);
    const QString script = QStringLiteral(SLUICE_SOURCE_DIR) + u"/tests/package/install-into-root.sh"_s;
    // Owners can be set only as root; otherwise fakeroot keeps them, within one process.
    const Ran ran =
        ::geteuid() == 0 ? run(u"sh"_s, {script, root, m_deb}) : run(u"fakeroot"_s, {u"sh"_s, script, root, m_deb});
    QVERIFY2(ran.code == 0, qPrintable(ran.out));
    const QStringList steps = ran.out.split(u"== "_s);
    auto step = [&](const QString &name) {
        for (const QString &s : steps) {
            if (s.startsWith(name))
                return s;
        }
        return QString();
    };
    const QString installed = step(u"install"_s);
    // The system user, with the data folder as home and no login.
    static const QRegularExpression passwd(u"passwd sluice:x:(\\d+):(\\d+):[^:]*:/var/lib/sluice:/usr/sbin/nologin"_s);
    const auto user = passwd.match(installed);
    QVERIFY2(user.hasMatch(), qPrintable(installed));
    const QString uid = user.captured(1);
    const QString gid = user.captured(2);
    QVERIFY(installed.contains(u"group sluice:x:%1:"_s.arg(gid)));
    // Data folder for the user only; configuration readable by its group, not by others.
    QVERIFY2(installed.contains(u"path var/lib/sluice 700 %1 %2"_s.arg(uid, gid)), qPrintable(installed));
    QVERIFY2(installed.contains(u"path etc/sluice 750 0 %1"_s.arg(gid)), qPrintable(installed));
    QVERIFY2(installed.contains(u"path etc/sluice/sluice.json 640 0 %1"_s.arg(gid)), qPrintable(installed));
    QVERIFY(installed.contains(u"path usr/bin/sluice-agent 755 0 0"_s));
    // Enabled (the link multi-user.target wants), not started: nothing starts it here.
    QVERIFY(installed.contains(u"path etc/systemd/system/multi-user.target.wants/sluice-agent.service"_s));

    // Removing keeps data and configuration; purging removes them.
    const QString removed = step(u"remove"_s);
    QVERIFY(removed.contains(u"path usr/bin/sluice-agent missing"_s));
    QVERIFY2(removed.contains(u"path var/lib/sluice 700"_s), qPrintable(removed));
    QVERIFY(removed.contains(u"path etc/sluice/sluice.json 640"_s));
    const QString purged = step(u"purge"_s);
    QVERIFY2(purged.contains(u"path var/lib/sluice missing"_s), qPrintable(purged));
    QVERIFY(purged.contains(u"path etc/sluice missing"_s));
    QVERIFY(purged.contains(u"multi-user.target.wants/sluice-agent.service missing"_s));
}

void TestPackage::unitPassesSystemdAnalyzeVerify()
{
    const QString root = m_dir.filePath(u"unit"_s);
    QVERIFY(run(u"dpkg-deb"_s, {u"-x"_s, m_deb, root}).code == 0);
    // verify wants the programs the unit names where it names them: point it at the extracted ones.
    QFile unit(root + u"/usr/lib/systemd/system/sluice-agent.service"_s);
    QVERIFY(unit.open(QIODevice::ReadOnly));
    QString text = QString::fromUtf8(unit.readAll());
    QVERIFY(text.contains(u"Type=notify"_s) && text.contains(u"User=sluice"_s) &&
            text.contains(u"Restart=on-failure"_s) && text.contains(u"ProtectSystem=strict"_s) &&
            text.contains(u"SystemCallFilter=@system-service"_s) && text.contains(u"ReadWritePaths=/var/lib/sluice"_s));
    text.replace(u"/usr/bin/sluice-agent"_s, root + u"/usr/bin/sluice-agent"_s);
    QFile copy(m_dir.filePath(u"sluice-agent.service"_s));
    QVERIFY(copy.open(QIODevice::WriteOnly));
    copy.write(text.toUtf8());
    copy.close();
    const Ran verify = run(u"systemd-analyze"_s, {u"verify"_s, copy.fileName()});
    QVERIFY2(verify.code == 0 && verify.out.trimmed().isEmpty(), qPrintable(verify.out));
    // The default configuration it ships is one the agent accepts.
    const Ran check = run(root + u"/usr/bin/sluice-agent"_s,
                          {u"--config"_s, root + u"/etc/sluice/sluice.json"_s, u"--check-config"_s});
    QVERIFY2(check.code == 0 && check.out.contains(u"configuration is valid"_s), qPrintable(check.out));
}

void TestPackage::consolePackage()
{
    const Ran info = run(u"dpkg-deb"_s, {u"-I"_s, m_consoleDeb});
    QVERIFY2(info.code == 0, qPrintable(info.out));
    QVERIFY(info.out.contains(u"Package: sluice-console"_s));
    for (const QString &dependency : {u"libqt6widgets6"_s, u"libqt6websockets6"_s, u"libqt6keychain1"_s})
        QVERIFY2(info.out.contains(dependency), qPrintable(dependency + u" not in:\n"_s + info.out));
    QVERIFY2(info.out.contains(u"Recommends: libqt6svg6"_s), qPrintable(info.out));
    // No agent parts, no maintainer scripts: a desktop program.
    QVERIFY(!info.out.contains(u"postinst"_s));

    const Ran contents = run(u"dpkg-deb"_s, {u"-c"_s, m_consoleDeb});
    QVERIFY2(contents.code == 0, qPrintable(contents.out));
    auto mode = [&](const QString &path) { return modeIn(contents.out, path); };
    QCOMPARE(mode(u"usr/bin/sluice-console"_s), u"-rwxr-xr-x"_s);
    QCOMPARE(mode(u"usr/share/applications/be.sluice.console.desktop"_s), u"-rw-r--r--"_s);
    QCOMPARE(mode(u"usr/share/icons/hicolor/scalable/apps/sluice-console.svg"_s), u"-rw-r--r--"_s);
    QCOMPARE(mode(u"usr/share/doc/sluice-console/console.md"_s), u"-rw-r--r--"_s);
    QVERIFY(!contents.out.contains(u"sluice-agent"_s));

    // The .desktop file is valid and starts the program the package installs, with its icon.
    const QString root = m_dir.filePath(u"console-root"_s);
    QCOMPARE(run(u"dpkg-deb"_s, {u"-x"_s, m_consoleDeb, root}).code, 0);
    const QString desktop = root + u"/usr/share/applications/be.sluice.console.desktop"_s;
    if (!QStandardPaths::findExecutable(u"desktop-file-validate"_s).isEmpty()) {
        const Ran validate = run(u"desktop-file-validate"_s, {desktop});
        QVERIFY2(validate.code == 0 && !validate.out.contains(u"error"_s), qPrintable(validate.out));
    }
    QFile entry(desktop);
    QVERIFY(entry.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(entry.readAll());
    QVERIFY(text.contains(u"\nExec=sluice-console\n"_s));
    QVERIFY(text.contains(u"\nIcon=sluice-console\n"_s));
    QVERIFY(text.contains(u"Comment[nl]="_s));
    const Ran version = run(root + u"/usr/bin/sluice-console"_s, {u"--version"_s});
    QVERIFY2(version.code == 0 && version.out.contains(u"0.1.0"_s), qPrintable(version.out));
}

QTEST_GUILESS_MAIN(TestPackage)
#include "tst_package.moc"
