package io.pulsechat.gateway.store;

/** The in-memory twins of the mood, feedback and access stores, held to the same contract. */
class InMemoryInsightStoresTest extends InsightStoresContract {
  private static final InsightStores STORES = InsightStores.inMemory();

  @Override
  protected InsightStores stores() {
    return STORES;
  }
}
