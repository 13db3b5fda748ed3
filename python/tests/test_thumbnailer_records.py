"""process_records against the local servers: a thumbnail and a `done` item per upload, a `failed`
item for each permanent failure, and the next record after it, by the contract of
handlers/thumbnailer/process-records.ts."""

import re

from images import decoded, jpeg, jpeg_rotated, png, truncated
from s3_events import EVENT_TIME, event_of, put_record
from scratch_thumbnail_storage import THUMBNAILS, UPLOADS

from thumbnailer.config import Settings
from thumbnailer.deadline import store_deadline
from thumbnailer.process_records import Done, Failed, Skipped, Stores, process_records
from thumbnailer.stores import DynamoItemStore, S3ObjectStore

SETTINGS = Settings(upload_prefix=UPLOADS, thumbnail_prefix=THUMBNAILS, max_source_bytes=1024 * 1024)
ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def stores_of(storage, executor) -> Stores:
    return Stores(
        objects=S3ObjectStore(storage.s3, executor),
        items=DynamoItemStore(storage.dynamodb, storage.table, executor),
    )


def uploaded(storage, key: str, body: bytes) -> dict:
    """Uploads the bytes under the key and returns the record S3 would send for it."""
    storage.upload(key, body)
    return put_record(storage.bucket, key, size=len(body))


def process(storage, executor, *records, settings: Settings = SETTINGS):
    return process_records(event_of(*records), stores_of(storage, executor), settings, store_deadline(10_000))


def test_halves_a_jpeg_and_a_png_in_their_own_formats_and_records_both(thumbnail_storage, executor):
    # Given a JPEG and a PNG uploaded under the function's prefix
    photo, drawing = jpeg(640, 427), png(600, 400)
    records = [
        uploaded(thumbnail_storage, f"{UPLOADS}photo.jpg", photo),
        uploaded(thumbnail_storage, f"{UPLOADS}art/drawing.png", drawing),
    ]
    # When the event's records are processed
    outcomes = process(thumbnail_storage, executor, *records)
    # Then each thumbnail sits under the same name in the thumbnail prefix, half size, same format
    assert [outcome.kind for outcome in outcomes] == ["done", "done"]
    photo_thumbnail, photo_type = thumbnail_storage.stored(f"{THUMBNAILS}photo.jpg")
    drawing_thumbnail, drawing_type = thumbnail_storage.stored(f"{THUMBNAILS}art/drawing.png")
    assert (decoded(photo_thumbnail)["format"], decoded(photo_thumbnail)["size"], photo_type) == (
        "JPEG",
        (320, 213),
        "image/jpeg",
    )
    assert (decoded(drawing_thumbnail)["format"], decoded(drawing_thumbnail)["size"], drawing_type) == (
        "PNG",
        (300, 200),
        "image/png",
    )
    # And each has one item with every field of the contract, typed as the twins write them
    item = thumbnail_storage.metadata_item(f"{UPLOADS}photo.jpg")
    assert item == {
        "sourceKey": f"{UPLOADS}photo.jpg",
        "thumbnailKey": f"{THUMBNAILS}photo.jpg",
        "format": "jpeg",
        "sourceWidth": 640,
        "sourceHeight": 427,
        "sourceBytes": len(photo),
        "thumbnailWidth": 320,
        "thumbnailHeight": 213,
        "thumbnailBytes": len(photo_thumbnail),
        "eventTime": EVENT_TIME,
        "processedAt": item["processedAt"],
        "status": "done",
    }
    assert ISO_MS.match(item["processedAt"])
    drawing_item = thumbnail_storage.metadata_item(f"{UPLOADS}art/drawing.png")
    assert (drawing_item["format"], drawing_item["thumbnailBytes"]) == ("png", len(drawing_thumbnail))
    assert len(thumbnail_storage.metadata_items()) == 2


def test_reads_a_key_with_a_space_and_a_plus_which_the_event_carries_form_encoded(
    thumbnail_storage, executor
):
    # Given an upload whose name has a space and a '+', so the record says 'red+flower%2B1.jpg'
    record = uploaded(thumbnail_storage, f"{UPLOADS}red flower+1.jpg", jpeg(40, 30))
    assert record["s3"]["object"]["key"] == f"{UPLOADS}red+flower%2B1.jpg"
    # When it is processed
    process(thumbnail_storage, executor, record)
    # Then the thumbnail and the item carry the decoded name
    assert thumbnail_storage.keys() == [f"{THUMBNAILS}red flower+1.jpg", f"{UPLOADS}red flower+1.jpg"]
    [item] = thumbnail_storage.metadata_items()
    assert (item["sourceKey"], item["thumbnailKey"]) == (
        f"{UPLOADS}red flower+1.jpg",
        f"{THUMBNAILS}red flower+1.jpg",
    )


def test_halves_a_photo_as_it_stands_after_its_exif_orientation(thumbnail_storage, executor):
    process(
        thumbnail_storage, executor, uploaded(thumbnail_storage, f"{UPLOADS}turned.jpg", jpeg_rotated(60, 40))
    )
    thumbnail, _ = thumbnail_storage.stored(f"{THUMBNAILS}turned.jpg")
    assert decoded(thumbnail)["size"] == (20, 30)
    [item] = thumbnail_storage.metadata_items()
    assert [item[name] for name in ("sourceWidth", "sourceHeight", "thumbnailWidth", "thumbnailHeight")] == [
        40,
        60,
        20,
        30,
    ]


def test_records_a_failure_for_bytes_that_are_not_an_image_and_writes_no_thumbnail(
    thumbnail_storage, executor
):
    # Given a text file uploaded as a .jpg
    text = b"not a picture at all"
    record = uploaded(thumbnail_storage, f"{UPLOADS}fake.jpg", text)
    # When it is processed
    [outcome] = process(thumbnail_storage, executor, record)
    # Then the item says it failed and why, with what was known of the source
    assert isinstance(outcome, Failed)
    assert outcome.bucket == thumbnail_storage.bucket
    [item] = thumbnail_storage.metadata_items()
    assert item == {
        "sourceKey": f"{UPLOADS}fake.jpg",
        "eventTime": EVENT_TIME,
        "processedAt": item["processedAt"],
        "status": "failed",
        "errorType": "not-an-image",
        "errorMessage": "not an image: no decoder knows its bytes",
        "sourceBytes": len(text),
    }
    assert thumbnail_storage.keys() == [f"{UPLOADS}fake.jpg"]


def test_refuses_a_key_outside_the_upload_prefix_without_reading_it(thumbnail_storage, executor):
    # Given a record for another contender's upload that does not even exist (a read would fail)
    record = put_record(thumbnail_storage.bucket, "uploads/rust/photo.jpg", size=100)
    # When it is processed, it is a recorded failure, and nothing is written to the bucket
    process(thumbnail_storage, executor, record)
    [item] = thumbnail_storage.metadata_items()
    assert (item["sourceKey"], item["status"], item["errorType"]) == (
        "uploads/rust/photo.jpg",
        "failed",
        "outside-prefix",
    )
    assert thumbnail_storage.keys() == []


def test_refuses_the_prefix_itself_which_names_no_upload(thumbnail_storage, executor):
    process(thumbnail_storage, executor, put_record(thumbnail_storage.bucket, UPLOADS, size=0))
    assert [item["errorType"] for item in thumbnail_storage.metadata_items()] == ["outside-prefix"]


def test_refuses_a_key_that_does_not_form_decode_under_the_key_as_it_came(thumbnail_storage, executor):
    # Given a record whose key has a '%' that starts no escape
    record = put_record(thumbnail_storage.bucket, "x", size=10)
    record["s3"]["object"]["key"] = f"{UPLOADS}100%zz.jpg"
    # When it is processed, it fails as an invalid key, recorded under the key as it came
    process(thumbnail_storage, executor, record)
    [item] = thumbnail_storage.metadata_items()
    assert (item["sourceKey"], item["errorType"]) == (f"{UPLOADS}100%zz.jpg", "invalid-key")


def test_refuses_an_upload_larger_than_the_maximum_by_the_events_size_without_reading_it(
    thumbnail_storage, executor
):
    # Given a record saying the object has one byte more than the maximum (and no such object)
    record = put_record(thumbnail_storage.bucket, f"{UPLOADS}huge.jpg", size=SETTINGS.max_source_bytes + 1)
    # When it is processed, it is a recorded failure and nothing was read (a read would have raised)
    process(thumbnail_storage, executor, record)
    [item] = thumbnail_storage.metadata_items()
    assert (item["errorType"], item["sourceBytes"]) == ("too-large", SETTINGS.max_source_bytes + 1)


def test_refuses_an_upload_larger_than_the_maximum_by_its_content_length_when_the_event_has_no_size(
    thumbnail_storage, executor
):
    # Given a 2 KiB upload, a record without its size, and a maximum of 1 KiB
    thumbnail_storage.upload(f"{UPLOADS}big.png", b"\xff" * 2048)
    record = put_record(thumbnail_storage.bucket, f"{UPLOADS}big.png")
    # When it is processed
    small = Settings(UPLOADS, THUMBNAILS, max_source_bytes=1024)
    process(thumbnail_storage, executor, record, settings=small)
    # Then it failed as too large, with the size S3 gave
    [item] = thumbnail_storage.metadata_items()
    assert (item["errorType"], item["sourceBytes"]) == ("too-large", 2048)
    assert thumbnail_storage.keys() == [f"{UPLOADS}big.png"]


def test_goes_on_to_the_next_record_after_one_fails(thumbnail_storage, executor):
    # Given a truncated JPEG, then a good one
    records = [
        uploaded(thumbnail_storage, f"{UPLOADS}broken.jpg", truncated(jpeg(600, 400))),
        uploaded(thumbnail_storage, f"{UPLOADS}good.jpg", jpeg(60, 40)),
    ]
    # When both are processed
    outcomes = process(thumbnail_storage, executor, *records)
    # Then the first is a recorded failure, knowing its header, and the second has its thumbnail
    assert [outcome.kind for outcome in outcomes] == ["failed", "done"]
    broken = thumbnail_storage.metadata_item(f"{UPLOADS}broken.jpg")
    assert {
        name: broken[name] for name in ("status", "errorType", "format", "sourceWidth", "sourceHeight")
    } == {
        "status": "failed",
        "errorType": "corrupt-image",
        "format": "jpeg",
        "sourceWidth": 600,
        "sourceHeight": 400,
    }
    assert thumbnail_storage.metadata_item(f"{UPLOADS}good.jpg")["status"] == "done"
    assert thumbnail_storage.keys() == [f"{THUMBNAILS}good.jpg", f"{UPLOADS}broken.jpg", f"{UPLOADS}good.jpg"]


def test_leaves_one_item_and_one_thumbnail_when_the_same_event_is_delivered_again(
    thumbnail_storage, executor
):
    # Given an event processed once
    record = uploaded(thumbnail_storage, f"{UPLOADS}again.png", png(20, 20))
    process(thumbnail_storage, executor, record)
    [first] = thumbnail_storage.metadata_items()
    # When Lambda delivers it again (a retry)
    process(thumbnail_storage, executor, record)
    # Then there is still one item for the upload, put again, and one thumbnail
    [again] = thumbnail_storage.metadata_items()
    assert again == {**first, "processedAt": again["processedAt"]}
    assert again["processedAt"] >= first["processedAt"]
    assert thumbnail_storage.keys() == [f"{THUMBNAILS}again.png", f"{UPLOADS}again.png"]


def test_reports_each_outcome_as_it_is_settled_and_skips_what_is_not_an_upload(thumbnail_storage, executor):
    # Given an upload, then its removal, which the function has no business with
    removed = {**put_record(thumbnail_storage.bucket, f"{UPLOADS}a.jpg"), "eventName": "ObjectRemoved:Delete"}
    event = event_of(uploaded(thumbnail_storage, f"{UPLOADS}a.jpg", jpeg(8, 8)), removed)
    reported = []
    # When the event is processed
    process_records(
        event, stores_of(thumbnail_storage, executor), SETTINGS, store_deadline(10_000), reported.append
    )
    # Then the upload was done and the removal skipped, each reported in turn
    assert [type(outcome) for outcome in reported] == [Done, Skipped]
    assert len(thumbnail_storage.metadata_items()) == 1
