// The admin API's deliveries, jobs and quarantine methods (docs/protocol.md#deliveries-and-failures).
#include "admin/adminjson.h"
#include "admin/adminparams.h"
#include "admin/adminserver.h"
#include "admin/adminserver_p.h"

#include "agent.h"
#include "ingest/ingest.h"
#include "protocol.h"
#include "queue/store.h"
#include "register/register.h"
#include "register/registerexport.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QPointer>
#include <QUuid>
#include <QWebSocket>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::protocol;

namespace sluice::agent {

using namespace adminparams;

namespace {

constexpr int kJobChunk = 500; // deliveries retried per turn of the event loop
constexpr int kKeptJobs = 50;

} // namespace

void AdminServer::addDeliveryMethods()
{
    // The filters deliveries.list and deliveries.retryAll share; std::nullopt with f set when one is wrong.
    auto readQuery = [](const QJsonObject &params, Failure &f) -> std::optional<DeliveryQuery> {
        ErrorReason problem;
        Params p(params, problem);
        DeliveryQuery q;
        q.subscription = p.string(u"subscription"_s);
        q.state = p.oneOf(u"state"_s, {u"pending"_s, u"sending"_s, u"delivered"_s, u"dead"_s, u"superseded"_s,
                                       u"discarded"_s, u"waiting"_s, u"held"_s, u"attention"_s});
        q.type = p.string(u"type"_s);
        q.subject = p.string(u"subject"_s);
        q.from = p.time(u"from"_s);
        q.to = p.time(u"to"_s);
        q.httpStatus = p.integer(u"httpStatus"_s, 0, 100, 599);
        q.offset = p.integer(u"offset"_s, 0, 0, INT_MAX);
        q.limit = p.integer(u"limit"_s, 100, 1, kMaxPage);
        if (!problem.isEmpty()) {
            f = {error::InvalidParams, problem, {}};
            return std::nullopt;
        }
        return q;
    };
    m_methods.insert(method::DeliveriesList,
                     {false, [this, readQuery](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
                          auto q = readQuery(params, f);
                          if (!q)
                              return {};
                          qint64 total = 0;
                          const DeliveryStatuses statuses = m_agent->deliveryStatuses();
                          statuses.restrict(*q);
                          const QJsonArray deliveries = adminjson::array(
                              m_agent->store().queue().search(*q, &total),
                              [&](const DeliverySummary &s) { return adminjson::delivery(s, statuses).toJson(); });
                          return page(deliveries, u"deliveries"_s, total, q->offset);
                      }});
    m_methods.insert(method::DeliveriesGet,
                     {false, [this](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
                          ErrorReason problem;
                          const QString id = Params(params, problem).string(u"id"_s, true);
                          const auto detail = problem.isEmpty() ? m_agent->store().queue().detail(id) : std::nullopt;
                          if (!detail) {
                              f = problem.isEmpty()
                                      ? Failure(error::NotFound, {refusal::NoDelivery, {{refusalparam::Id, id}}})
                                      : Failure{error::InvalidParams, problem, {}};
                              return {};
                          }
                          return adminjson::deliveryDetail(*detail, m_agent->deliveryStatuses()).toJson();
                      }});
    auto changeSelection = [this](const QJsonObject &params, Failure &f, bool retry) -> QJsonValue {
        ErrorReason problem;
        const QStringList ids = Params(params, problem).strings(u"ids"_s, true);
        if (!problem.isEmpty()) {
            f = {error::InvalidParams, problem, {}};
            return {};
        }
        const QList<qint64> rows = m_agent->store().queue().rowsOf(ids);
        QString why;
        DeliveryQueue &queue = m_agent->store().queue();
        const int changed = retry ? queue.retry(rows, &why) : queue.discard(rows, &why);
        if (changed < 0) {
            f = Failure(error::Unavailable, {refusal::StoreRefused, {{refusalparam::Why, why}}});
            return {};
        }
        if (retry && changed > 0)
            m_agent->wakeDispatcher();
        m_deliveryChanges += changed;
        return QJsonObject{{retry ? u"retried"_s : u"discarded"_s, changed},
                           {u"unchanged"_s, ids.size() - changed}, // unknown, or neither pending nor dead
                           {u"requested"_s, ids.size()}};
    };
    m_methods.insert(method::DeliveriesRetry,
                     {true, [changeSelection](Client &, const QJsonObject &params, Failure &f) {
                          return changeSelection(params, f, true);
                      }});
    m_methods.insert(method::DeliveriesDiscard,
                     {true, [changeSelection](Client &, const QJsonObject &params, Failure &f) {
                          return changeSelection(params, f, false);
                      }});
    // Every pending or dead delivery matching the query, retried in the background in chunks; the
    // requester gets "job" notifications with the progress, anyone can ask jobs.get.
    m_methods.insert(method::DeliveriesRetryAll,
                     {true, [this, readQuery](Client &client, const QJsonObject &params, Failure &f) -> QJsonValue {
                          auto q = readQuery(params, f);
                          if (!q)
                              return {};
                          auto job = std::make_shared<Job>();
                          JobProgress &progress = job->progress;
                          progress.id = u"job-%1"_s.arg(++m_nextJob);
                          progress.kind = protocol::job::RetryAll;
                          progress.state = protocol::job::Running;
                          job->requester = client.socket;
                          m_agent->deliveryStatuses().restrict(*q);
                          job->rows = m_agent->store().queue().retryableRows(*q);
                          progress.matched = job->rows.size();
                          // At most the count the administrator confirmed, the oldest first.
                          if (const qint64 max = params.value(u"max"_s).toInteger(-1); max >= 0)
                              job->rows = job->rows.mid(0, max);
                          progress.total = job->rows.size();
                          // Finished jobs are kept for jobs.get, the newest 50 of them.
                          while (m_jobs.size() >= kKeptJobs) {
                              auto oldest =
                                  std::min_element(m_jobs.begin(), m_jobs.end(), [](const auto &a, const auto &b) {
                                      return a->progress.id.mid(4).toInt() < b->progress.id.mid(4).toInt();
                                  });
                              if ((*oldest)->progress.ongoing())
                                  break;
                              m_jobs.erase(oldest);
                          }
                          m_jobs.insert(progress.id, job);
                          m_jobTimer.start();
                          return progress.toJson();
                      }});
    m_methods.insert(method::JobsGet, {false, [this](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
                                           ErrorReason problem;
                                           const QString id = Params(params, problem).string(u"id"_s, true);
                                           const auto job = m_jobs.value(id);
                                           if (const auto replay = m_replays.find(id); replay != m_replays.end())
                                               return replay->second.job->toJson();
                                           if (!job) {
                                               f = problem.isEmpty()
                                                       ? Failure(error::NotFound,
                                                                 {refusal::NoJob, {{refusalparam::Id, id}}})
                                                       : Failure{error::InvalidParams, problem, {}};
                                               return {};
                                           }
                                           return job->progress.toJson();
                                       }});

    m_methods.insert(method::QuarantineList,
                     {false, paged(u"messages"_s, [this](int offset, int limit, qint64 *total) {
                          return adminjson::array(
                              m_agent->store().queue().quarantine(offset, limit, total),
                              [](const QuarantineRecord &r) { return adminjson::quarantined(r, false); });
                      })});
    m_methods.insert(
        method::QuarantineGet,
        {false, [this](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
             ErrorReason problem;
             const int id = Params(params, problem).integer(u"id"_s, 0, 1, INT_MAX);
             const auto record = problem.isEmpty() && id > 0 ? m_agent->store().queue().quarantined(id) : std::nullopt;
             if (!record) {
                 f = problem.isEmpty() && id > 0
                         ? Failure(error::NotFound, {refusal::NoMessage, {{refusalparam::Id, id}}})
                         : Failure(error::InvalidParams,
                                   problem.isEmpty() ? ErrorReason{refusal::Required, {{refusalparam::Param, u"id"_s}}}
                                                     : problem);
                 return {};
             }
             return adminjson::quarantined(*record, true);
         }});
    m_methods.insert(method::QuarantineDiscard,
                     {true, [this](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
                          const QJsonArray ids = params.value(u"ids"_s).toArray();
                          QList<qint64> list;
                          for (const QJsonValue &id : ids) {
                              if (!id.isDouble() || id.toInteger() <= 0) {
                                  list.clear();
                                  break;
                              }
                              list.append(id.toInteger());
                          }
                          if (list.isEmpty()) {
                              f = Failure(
                                  error::InvalidParams,
                                  {refusal::Invalid,
                                   {{refusalparam::Param, u"ids"_s},
                                    {refusalparam::Why, u"a non-empty array of message ids (numbers) is expected"_s}}});
                              return {};
                          }
                          QString why;
                          const int removed = m_agent->store().queue().discardQuarantined(list, &why);
                          if (removed < 0) {
                              f = Failure(error::Unavailable, {refusal::StoreRefused, {{refusalparam::Why, why}}});
                              return {};
                          }
                          return QJsonObject{{u"discarded"_s, removed}, {u"unchanged"_s, list.size() - removed}};
                      }});
}

void AdminServer::runJobs()
{
    bool running = false;
    for (const auto &job : std::as_const(m_jobs)) {
        JobProgress &progress = job->progress;
        if (!progress.ongoing())
            continue;
        const QList<qint64> chunk = job->rows.mid(progress.done, kJobChunk);
        QString why;
        const int changed = m_agent->store().queue().retry(chunk, &why);
        if (changed < 0) {
            progress.state = protocol::job::Failed;
            progress.error = why;
            job->rows = {};
        } else {
            progress.retried += changed;
            progress.done += chunk.size();
            if (progress.done >= progress.total) {
                progress.state = protocol::job::Finished;
                job->rows = {};
            } else
                running = true;
        }
        if (changed > 0) {
            m_agent->wakeDispatcher();
            m_deliveryChanges += changed;
        }
        if (job->requester) {
            const auto client = m_clients.value(job->requester.data());
            if (client)
                send(*client, notify(notification::Job, progress.toJson()));
        }
    }
    if (!running)
        m_jobTimer.stop();
}

} // namespace sluice::agent
