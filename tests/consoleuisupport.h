#pragma once

// What the console's widget tests share: an agent running in-process for a console to connect to,
// every model under QAbstractItemModelTester, and helpers to act on modal dialogs.
#include "agent.h"
#include "consoleapp.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QMessageBox>
#include <QTimer>

#include <functional>
#include <memory>
#include <vector>

class QStandardItem;
class QStandardItemModel;

namespace sluice::test {

// Runs act on the next modal dialog of type T (and objectName name, when given) as soon as it is
// shown (inside its exec()).
template<typename T> void onNextDialog(std::function<void(T *)> act, const QString &name = QString())
{
    auto *timer = new QTimer(qApp);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, act, name] {
        auto *dialog = qobject_cast<T *>(QApplication::activeModalWidget());
        if (!dialog || !dialog->isVisible() || (!name.isEmpty() && dialog->objectName() != name))
            return;
        timer->stop();
        timer->deleteLater();
        act(dialog);
    });
    timer->start();
}

// Clicks button in the next message box.
void answer(QMessageBox::StandardButton button);

template<typename T> T *child(QObject *parent, const QString &name)
{
    T *found = parent->findChild<T *>(name);
    if (!found)
        qWarning("no %s named %s", T::staticMetaObject.className(), qPrintable(name));
    return found;
}

// The item of the editor's type tree that stands for pattern (a type or `path.*`).
QStandardItem *findItem(QStandardItemModel *model, const QString &pattern);

class ConsoleUiFixture : protected AdminFixture {
protected:
    void startConsoleTests(const QString &applicationName); // from initTestCase
    void startRun();                                        // from init: English, no saved agents
    void endRun();                                          // from cleanup

    // A console connected (without the dialog) as the named token; null if it did not connect.
    std::unique_ptr<console::ConsoleApp> connectedConsole(const agent::Agent &agent,
                                                          const QString &tokenName = QStringLiteral("admin"));
    // The application's models and the views' proxies, each under QAbstractItemModelTester.
    void testModels(console::ConsoleApp &app);

private:
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;
};

} // namespace sluice::test
