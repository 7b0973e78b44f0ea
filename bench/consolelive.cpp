// Benchmark 6 (helper): how many live events per second the console's live view absorbs — the
// bounded LiveEventsModel behind its search proxy in a shown QTableView, fed in the batches the
// agent sends (four a second) — while the event loop stays free. Prints the rate and the longest
// batch; the reference is what the agent ever sends one console (events.subscribe maxPerSecond ≤ 1000).
#include "liveeventsmodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QSortFilterProxyModel>
#include <QTableView>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const int total = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 200000;
    const int batch = argc > 2 ? QString::fromLocal8Bit(argv[2]).toInt() : 250;
    sluice::console::LiveEventsModel model(5000);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setFilterKeyColumn(-1);
    proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy.setFilterFixedString(argc > 3 ? QString::fromLocal8Bit(argv[3]) : QString());
    QTableView view;
    view.setModel(&proxy);
    view.horizontalHeader()->setStretchLastSection(true);
    view.resize(1200, 700);
    view.show();

    QJsonArray events;
    for (int i = 0; i < batch; ++i) {
        const QJsonObject event{{u"specversion"_s, u"1.0"_s},
                                {u"id"_s, u"e%1"_s.arg(i)},
                                {u"source"_s, u"/wcm/v4/plain"_s},
                                {u"type"_s, u"be.digipolis.wcm.v4.content.item.changed"_s},
                                {u"subject"_s, u"content/%1"_s.arg(i)},
                                {u"data"_s, QJsonObject{{u"title"_s, u"Renovatie Scheldekaaien"_s}}}};
        events.append(QJsonObject{{u"event"_s, event},
                                  {u"matched"_s, QJsonArray{u"content-cache"_s}},
                                  {u"deliveries"_s, QJsonArray{QJsonObject{{u"subscription"_s, u"content-cache"_s},
                                                                           {u"id"_s, u"dlv_%1"_s.arg(i)}}}},
                                  {u"receivedAt"_s, u"2026-11-23T15:00:00.000Z"_s}});
    }
    QElapsedTimer all;
    all.start();
    qint64 longest = 0;
    for (int sent = 0; sent < total; sent += batch) {
        QElapsedTimer one;
        one.start();
        model.addEvents(events);
        QCoreApplication::processEvents(); // the view lays out and paints what changed
        longest = std::max(longest, one.nsecsElapsed());
    }
    const double seconds = double(all.nsecsElapsed()) / 1e9;
    std::printf("%.0f %.2f %d\n", total / seconds, double(longest) / 1e6, proxy.rowCount());
    return 0;
}
