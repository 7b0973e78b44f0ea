#include "chartwidget.h"

#include <QHelpEvent>
#include <QToolTip>

namespace sluice::console {

ChartWidget::ChartWidget(const QString &objectName, int minimumHeight, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(objectName);
    setMinimumHeight(minimumHeight);
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
}

bool ChartWidget::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const QString text = valuesAt(help->pos().x());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

} // namespace sluice::console
