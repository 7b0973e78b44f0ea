#pragma once

#include "registerentry.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTabWidget;
class QTextBrowser;
class QTreeView;

namespace sluice::console {

class AgentSession;
class RegisterModel;

// The event register: a tree by source and type path, search as you type, and a detail pane where
// an administrator changes exposure, validation policy and status.
class RegisterView : public QWidget {
    Q_OBJECT

public:
    RegisterView(AgentSession &session, RegisterModel &model, QWidget *parent = nullptr);

    void setEditable(bool editable); // viewers see, admins change
    void selectType(const QString &type);
    QString selectedType() const;
    // Writes the agent's AsyncAPI document to path; done(error) with an empty error on success.
    void exportAsyncApi(const QString &path, std::function<void(const QString &error)> done);

Q_SIGNALS:
    void message(const QString &text);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void retranslate();
    void showEntry();
    void showDetails(const QJsonObject &entry);
    void fetchDetails();
    void change(const QJsonObject &change);
    void chooseExportFile();

    AgentSession &m_session;
    RegisterModel &m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_search;
    QTreeView *m_tree;
    QPushButton *m_export;
    QLabel *m_title;
    QLabel *m_type;
    QTextBrowser *m_description;
    QFormLayout *m_form;
    QComboBox *m_status;
    QCheckBox *m_exposed;
    QComboBox *m_validation;
    QLabel *m_version;
    QLabel *m_figures;
    QLabel *m_usedBy;
    QLabel *m_lastError;
    QTabWidget *m_tabs;
    QPlainTextEdit *m_schema;
    QPlainTextEdit *m_example;
    QLabel *m_empty;
    QWidget *m_detail;
    bool m_editable = false;
    bool m_filling = false;
    QString m_keep;         // the type chosen before a reload
    QElapsedTimer m_loaded; // since the register was last loaded
    QTimer m_refresh;
};

} // namespace sluice::console
