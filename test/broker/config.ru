# The Pact Broker as the pipeline tests run it: every setting comes from PACT_BROKER_*
# variables (database, base URL, logging), set by pact-broker.ts.
require "pact_broker"

app = PactBroker::App.new # connects the database, which the broker's classes below need loaded
require "pact_broker/webhooks/job"
require "pact_broker/webhooks/trigger_service"

# pact_broker calls a triggered webhook 5 s later, "to make sure the request transaction has
# finished" (Webhooks::TriggerService#schedule_webhooks). Here the calls are queued when that
# transaction commits (Sequel's after_commit), and run at once: the same guarantee without the
# wait, which docs.test.ts's webhook step would otherwise spend idle. Retries keep their delays.
module ScheduleWebhooksOnCommit
  def schedule_webhooks(triggered_webhooks, options)
    db = Sequel::Model.db
    return super unless db.in_transaction?

    db.after_commit do
      Thread.current[:schedule_webhooks_now] = true
      super(triggered_webhooks, options)
    ensure
      Thread.current[:schedule_webhooks_now] = nil
    end
  end
end

module PerformScheduledWebhooksNow
  def perform_in(seconds, *args)
    Thread.current[:schedule_webhooks_now] ? perform_async(*args) : super
  end
end

PactBroker::Webhooks::TriggerService.singleton_class.prepend(ScheduleWebhooksOnCommit)
PactBroker::Webhooks::Job.singleton_class.prepend(PerformScheduledWebhooksNow)

run app
