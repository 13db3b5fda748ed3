"""The Python contender of the thumbnailer: an S3 event's uploads -> half-size thumbnails beside
them -> one metadata item per upload, by the contract at the top of
handlers/thumbnailer/process-records.ts.

The handler module (`thumbnail_handler.py`, beside this package) only wires; everything that
decides behaviour is here, taking its stores as arguments. The store calls, their deadlines and
the clients' settings are the uuid writer's (`uuid_writer/`), which the build ships with it.
"""
