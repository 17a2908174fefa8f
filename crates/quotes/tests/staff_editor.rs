//! The staff editor's rules in the quotes service (issue 16): extra lines
//! and a manual discount (sales up to the organisation's limit, admins any
//! amount), terms and internal notes, and the public wizard refusing all of
//! them. Every test runs against SQLite and PostgreSQL.

use domain::{ExtraLine, QuoteRequest};
use quotes::{Quotes, QuotesError, sales_discount_limit};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use store::test_both_backends;

#[path = "support/fixtures.rs"]
mod fixtures;
use fixtures::*;

fn invalid(result: Result<impl std::fmt::Debug, QuotesError>) -> domain::FieldErrors {
    match result {
        Err(QuotesError::Invalid(fields)) => fields,
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn with_extra(discount: Decimal) -> QuoteRequest {
    let mut r = three_rooms();
    r.input.extras = vec![ExtraLine { description: "Retiro de lámina antigua".into(), amount: dec!(25.00) }];
    r.input.manual_discount = discount;
    r
}

test_both_backends! {
    async fn sales_discount_up_to_the_organisation_s_limit_admins_any_amount(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "limits").await;
        let sales = sales_of(&db, &admin).await;
        let policy = quotes.quote_policy(&sales).await.expect("policy");
        assert_eq!((policy.max_sales_discount_pct, policy.default_terms.as_str()), (dec!(10), ""), "the default limit is 10 %");

        // Price without a manual discount to learn the base of the limit.
        let plain = quotes.create(&admin, &with_extra(Decimal::ZERO), false).await.expect("created");
        let b = &plain.document.breakdown;
        assert_eq!(b.extras.len(), 1, "the extra line is kept in the version");
        let limit = sales_discount_limit(&policy, b);
        assert_eq!(limit, b.currency.round((b.subtotal - b.discount) * dec!(0.10)));

        let over = invalid(quotes.create(&sales, &with_extra(limit + dec!(0.01)), false).await);
        let message = over.get("manual_discount").expect("an error at manual_discount");
        assert!(message.contains("10 %") && message.contains(&b.currency.format_plain(limit)), "{message}");
        let at_limit = quotes.create(&sales, &with_extra(limit), false).await.expect("sales may give the limit");
        assert_eq!(at_limit.document.breakdown.manual_discount, limit);
        assert_eq!(at_limit.document.breakdown.taxable, b.taxable - limit, "taken off before tax");
        let big = quotes.create(&admin, &with_extra(dec!(500)), false).await.expect("admins discount any amount");
        assert_eq!(big.document.breakdown.manual_discount, dec!(500));

        // Sales may keep an admin's discount when editing something else, not raise it.
        let mut edited = quotes::request_of(&big);
        edited.input.rooms[0].name = "Living grande".into();
        let kept = quotes.revise(&sales, &big.id, 1, &edited).await.expect("keeps the admin's discount");
        assert_eq!(kept.document.breakdown.manual_discount, dec!(500));
        edited.input.manual_discount = dec!(600);
        assert!(invalid(quotes.revise(&sales, &big.id, 1, &edited).await).get("manual_discount").is_some());

        // Only admins change the limit; then it applies.
        assert!(matches!(quotes.set_quote_policy(&sales, "50", "").await, Err(QuotesError::Forbidden)));
        let bad = invalid(quotes.set_quote_policy(&admin, "120", "").await);
        assert!(bad.get("max_sales_discount_pct").is_some());
        quotes.set_quote_policy(&admin, "12,5", "").await.expect("saved");
        let policy = quotes.quote_policy(&sales).await.expect("policy");
        assert_eq!(policy.max_sales_discount_pct, dec!(12.5));
        let new_limit = sales_discount_limit(&policy, b);
        assert!(new_limit > limit);
        quotes.create(&sales, &with_extra(new_limit), false).await.expect("within the new limit");
    }

    async fn internal_notes_stay_with_staff_and_terms_reach_the_customer(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "notes").await;
        let mut request = with_extra(dec!(10));
        request.input.terms = "Pago 50 % al aceptar.".into();
        request.input.internal_notes = "Cliente pidió no llamar antes de las 10.".into();
        let draft = quotes.create(&admin, &request, false).await.expect("created");
        let sent = quotes.send(&admin, &draft.id, None).await.expect("sent");
        let staff_view = quotes.get(&admin, &sent.id).await.expect("staff read");
        assert_eq!(staff_view.document.input.internal_notes, "Cliente pidió no llamar antes de las 10.");
        let (_, public) = quotes.public(&sent.token).await.expect("public read");
        assert_eq!(public.document.input.terms, "Pago 50 % al aceptar.");
        assert_eq!(public.document.input.internal_notes, "", "notes never reach the public page");
        assert!(!format!("{public:?}").contains("no llamar"));
        let answered = quotes.answer(&sent.token, quotes::Decision::Confirm, "", public.document.version).await.expect("answered");
        assert!(!format!("{answered:?}").contains("no llamar"));
        assert_eq!(public.document.breakdown.manual_discount, dec!(10));
    }

    async fn the_public_wizard_refuses_staff_fields_and_gets_the_default_terms(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "wizardterms").await;
        let crafted = with_extra(dec!(5));
        let e = invalid(quotes.submit("wizardterms", &crafted, None).await);
        assert!(e.get("extras").is_some() && e.get("manual_discount").is_some(), "{e}");
        let mut notes = three_rooms();
        notes.input.internal_notes = "x".into();
        notes.input.terms = "Sin garantía".into();
        let e = invalid(quotes.submit("wizardterms", &notes, None).await);
        assert!(e.get("internal_notes").is_some() && e.get("terms").is_some(), "{e}");

        quotes.set_quote_policy(&admin, "10", "  Instalación en 5 días hábiles.\r\nGarantía 2 años.  ").await.expect("saved");
        let sales = sales_of(&db, &admin).await;
        assert_eq!(quotes.quote_policy(&sales).await.expect("policy").default_terms, "Instalación en 5 días hábiles.\nGarantía 2 años.");
        let view = quotes.submit("wizardterms", &three_rooms(), None).await.expect("submitted");
        assert_eq!(view.document.input.terms, "Instalación en 5 días hábiles.\nGarantía 2 años.");
        assert!(view.document.input.extras.is_empty() && view.document.breakdown.manual_discount.is_zero());
    }
}
