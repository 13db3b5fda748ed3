// Fails while the module loads, so the environment never gets past INIT.
throw new Error('init failed on purpose');
