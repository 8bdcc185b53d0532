# The Pact Broker as the pipeline tests run it: every setting comes from PACT_BROKER_*
# variables (database, base URL, logging), set by pact-broker.ts.
require "pact_broker"

run PactBroker::App.new
