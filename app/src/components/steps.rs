//! The numbered steps of a wizard, the current one highlighted (both quote
//! wizards: rooms and vehicles).
use leptos::prelude::*;

use crate::i18n::Lang;

/// `steps` in order, each with its label; `step` is the current one.
#[component]
pub fn StepsBar<S>(lang: Lang, step: Memo<S>, steps: Vec<(S, &'static str)>) -> impl IntoView
where
    S: Copy + PartialEq + Send + Sync + 'static,
{
    view! {
        <ol class="mb-6 flex gap-2 text-sm" aria-label=lang.t("Pasos", "Steps")>
            {steps.into_iter().enumerate().map(|(i, (s, label))| view! {
                <li class="flex-1 rounded-lg px-3 py-2 ring-1"
                    class=("bg-teal-700", move || step.get() == s) class=("text-white", move || step.get() == s)
                    class=("ring-teal-700", move || step.get() == s) class=("ring-slate-200", move || step.get() != s)
                    aria-current=move || (step.get() == s).then_some("step")>
                    <span class="font-semibold">{i + 1}". "</span>{label}
                </li>
            }).collect_view()}
        </ol>
    }
}
