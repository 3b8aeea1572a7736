//! The bar above the cluster view: the hint, "Heal partition" and "Cut WAN link".

use yew::prelude::*;

/// Properties of [`ClusterBar`].
#[derive(Properties, PartialEq)]
pub struct ClusterBarProps {
    /// Whether there is a partition to heal.
    pub partitioned: bool,
    /// With datacenters, whether they are cut off from each other already; `None` without
    /// datacenters (no "Cut WAN link" button).
    pub wan_cut: Option<bool>,
    /// Heals the partition.
    pub on_heal: Callback<()>,
    /// Cuts the WAN link.
    pub on_cut_wan: Callback<()>,
}

/// The hint and the partition buttons; a button that cannot act is `aria-disabled` and does
/// nothing.
#[function_component(ClusterBar)]
pub fn cluster_bar(props: &ClusterBarProps) -> Html {
    let partitioned = props.partitioned;
    let on_heal = props.on_heal.clone();
    let onheal = Callback::from(move |_: MouseEvent| {
        if partitioned {
            on_heal.emit(())
        }
    });
    let cut_wan = props.wan_cut.map(|wan_cut| {
        let on_cut_wan = props.on_cut_wan.clone();
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
        <div class={classes!("cv-bar", cut_wan.is_some().then_some("has-wan"))}>
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
