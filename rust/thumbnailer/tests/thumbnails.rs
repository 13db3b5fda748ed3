//! An upload under the prefix gets a thumbnail at half each dimension, in its own format, beside
//! it, and one item that says so.

mod common;

use std::collections::HashMap;

use common::events::{EVENT_TIME, event_of};
use common::{Storage, images, is_iso_ms, with_storage};
use image::{GenericImageView, ImageFormat, ImageReader};
use lambda_duel_thumbnailer::process_records::RecordOutcome;
use serde_json::{Value, json};

/// What a decoder reads back from the stored thumbnail, not what the function says it wrote.
struct Decoded {
    format: ImageFormat,
    width: u32,
    height: u32,
    content_type: Option<String>,
    bytes: usize,
    image: image::DynamicImage,
}

async fn decoded(storage: &Storage, key: &str) -> Decoded {
    let (bytes, content_type) = storage.object(key).await;
    let reader = ImageReader::new(std::io::Cursor::new(&bytes))
        .with_guessed_format()
        .expect("read");
    let format = reader.format().expect("an image format");
    let image = reader.decode().expect("a thumbnail that decodes");
    Decoded {
        format,
        width: image.width(),
        height: image.height(),
        content_type,
        bytes: bytes.len(),
        image,
    }
}

fn without_processed_at(mut item: HashMap<String, Value>) -> HashMap<String, Value> {
    let processed_at = item.remove("processedAt").expect("processedAt");
    assert!(
        is_iso_ms(processed_at.as_str().expect("a string")),
        "{processed_at}"
    );
    item
}

#[tokio::test(flavor = "multi_thread")]
async fn makes_a_half_size_thumbnail_of_a_jpeg_and_of_a_png_in_their_own_formats() {
    with_storage(|storage| async move {
        // Given a JPEG and a PNG uploaded under the function's prefix
        let photo = images::jpeg(640, 427);
        let drawing = images::png(600, 400);
        let event = event_of([
            storage.uploaded("uploads/rust/photo.jpg", &photo).await,
            storage
                .uploaded("uploads/rust/art/drawing.png", &drawing)
                .await,
        ]);

        // When the event's records are processed
        let outcomes = storage.process(&event).await.expect("processed");

        // Then each thumbnail sits under the same name in the thumbnail prefix, half size, same format
        assert!(
            outcomes
                .iter()
                .all(|o| matches!(o, RecordOutcome::Done { .. })),
            "{outcomes:?}"
        );
        let photo_thumb = decoded(&storage, "thumbnails/rust/photo.jpg").await;
        assert_eq!(
            (photo_thumb.format, photo_thumb.width, photo_thumb.height),
            (ImageFormat::Jpeg, 320, 213)
        );
        assert_eq!(photo_thumb.content_type.as_deref(), Some("image/jpeg"));
        let drawing_thumb = decoded(&storage, "thumbnails/rust/art/drawing.png").await;
        assert_eq!(
            (
                drawing_thumb.format,
                drawing_thumb.width,
                drawing_thumb.height
            ),
            (ImageFormat::Png, 300, 200)
        );
        assert_eq!(drawing_thumb.content_type.as_deref(), Some("image/png"));
        // And the PNG keeps its transparency
        assert!(drawing_thumb.image.color().has_alpha());
        // And each has one item with every field of the contract
        let expected_photo = json!({
            "sourceKey": "uploads/rust/photo.jpg",
            "thumbnailKey": "thumbnails/rust/photo.jpg",
            "format": "jpeg",
            "sourceWidth": 640,
            "sourceHeight": 427,
            "sourceBytes": photo.len(),
            "thumbnailWidth": 320,
            "thumbnailHeight": 213,
            "thumbnailBytes": photo_thumb.bytes,
            "eventTime": EVENT_TIME,
            "status": "done",
        });
        let item = without_processed_at(storage.item("uploads/rust/photo.jpg").await);
        assert_eq!(serde_json::to_value(item).expect("json"), expected_photo);
        let drawing_item = storage.item("uploads/rust/art/drawing.png").await;
        assert_eq!(drawing_item["format"], "png");
        assert_eq!(drawing_item["thumbnailBytes"], drawing_thumb.bytes);
        assert_eq!(storage.items().await.len(), 2);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn reads_a_key_with_a_space_and_a_plus_which_the_event_carries_form_encoded() {
    with_storage(|storage| async move {
        // Given an upload whose name has a space and a '+', so the record says 'red+flower%2B1.jpg'
        let record = storage
            .uploaded("uploads/rust/red flower+1.jpg", &images::jpeg(40, 30))
            .await;
        assert_eq!(
            record.s3.object.key.as_deref(),
            Some("uploads/rust/red+flower%2B1.jpg")
        );

        // When it is processed
        storage
            .process(&event_of([record]))
            .await
            .expect("processed");

        // Then the thumbnail and the item carry the decoded name
        assert_eq!(
            storage.keys().await,
            [
                "thumbnails/rust/red flower+1.jpg",
                "uploads/rust/red flower+1.jpg"
            ]
        );
        let item = storage.item("uploads/rust/red flower+1.jpg").await;
        assert_eq!(item["thumbnailKey"], "thumbnails/rust/red flower+1.jpg");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn halves_a_photo_as_it_stands_after_its_exif_orientation() {
    with_storage(|storage| async move {
        // Given a JPEG stored 60×40, red on its left, with Orientation 6 (viewed 40×60, red on top)
        let record = storage
            .uploaded("uploads/rust/turned.jpg", &images::jpeg_rotated(60, 40))
            .await;

        // When it is processed
        storage
            .process(&event_of([record]))
            .await
            .expect("processed");

        // Then the thumbnail stands upright at 20×30, red along its top, with no orientation tag
        let thumb = decoded(&storage, "thumbnails/rust/turned.jpg").await;
        assert_eq!((thumb.width, thumb.height), (20, 30));
        let top = thumb.image.get_pixel(10, 0);
        let bottom = thumb.image.get_pixel(10, 29);
        assert!(top[0] > 200 && top[1] < 60, "top: {top:?}");
        assert!(bottom[0] < 100, "bottom: {bottom:?}");
        let (bytes, _) = storage.object("thumbnails/rust/turned.jpg").await;
        assert!(!bytes.windows(6).any(|w| w == b"Exif\0\0"), "EXIF kept");
        // And the item measures the source as viewed
        let item = storage.item("uploads/rust/turned.jpg").await;
        let sizes = [
            "sourceWidth",
            "sourceHeight",
            "thumbnailWidth",
            "thumbnailHeight",
        ]
        .map(|name| item[name].clone());
        assert_eq!(sizes, [json!(40), json!(60), json!(20), json!(30)]);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn never_goes_below_one_pixel() {
    with_storage(|storage| async move {
        let record = storage
            .uploaded("uploads/rust/thin.png", &images::png(1, 3))
            .await;
        storage
            .process(&event_of([record]))
            .await
            .expect("processed");
        let thumb = decoded(&storage, "thumbnails/rust/thin.png").await;
        assert_eq!((thumb.width, thumb.height), (1, 1));
    })
    .await;
}
