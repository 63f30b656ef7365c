// IndexedDB for the simulated devices (each opens its own database name), before Dexie loads.
import 'fake-indexeddb/auto';
