//! The bar above the cluster view: the hint, "Heal partition" and "Cut WAN link".

use yew::prelude::*;

use crate::components::class_list;

use crate::components::app::handlers::ClusterHandlers;

/// The hint and the partition buttons (drawn by the view, not a component of its own: one
/// more component costs the page's bundle about as much as its markup). `wan_cut`: with
/// datacenters, whether they are cut off from each other already; `None` without them (no
/// "Cut WAN link" button). A button that cannot act is `aria-disabled` and does nothing.
pub fn cluster_bar(partitioned: bool, wan_cut: Option<bool>, on: &ClusterHandlers) -> Html {
    let on_heal = on.heal.clone();
    let onheal = Callback::from(move |_: MouseEvent| {
        if partitioned {
            on_heal.emit(())
        }
    });
    let cut_wan = wan_cut.map(|wan_cut| {
        let on_cut_wan = on.cut_wan.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            if !wan_cut {
                on_cut_wan.emit(())
            }
        });
        html! {
            <button type="button" class="cv-heal cv-cut-wan" aria-disabled={wan_cut.to_string()}
                    title={if wan_cut { "The datacenters are already cut off from each other" } else { "Partition the network between the datacenters" }}
                    onclick={onclick}>
                { "Cut WAN link" }
            </button>
        }
    });
    html! {
        <div class={class_list("cv-bar", &[cut_wan.is_some().then_some("has-wan")])}>
            <p class="cv-hint">
                { "Drag a node or client into zone 1 or 2 to partition the network (or \
                   focus it and press 1 or 2; 0 brings it back). Click a moving message to \
                   drop it." }
            </p>
            <button type="button" class="cv-heal" aria-disabled={(!partitioned).to_string()}
                    title={if partitioned { "Reconnect every zone" } else { "There is no partition to heal" }}
                    onclick={onheal}>
                { "Heal partition" }
            </button>
            { for cut_wan }
        </div>
    }
}
