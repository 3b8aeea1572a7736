//! The scenario: its description, cluster settings and scheduled events.

use std::rc::Rc;

use yew::prelude::*;

use crate::state::ScenarioView;

/// Properties of [`ScenarioPanel`].
#[derive(Properties, PartialEq)]
pub struct ScenarioPanelProps {
    /// The scenario to describe.
    pub scenario: Rc<ScenarioView>,
}

/// What the scenario sets up and what it schedules.
#[function_component(ScenarioPanel)]
pub fn scenario_panel(props: &ScenarioPanelProps) -> Html {
    let scenario = &props.scenario;
    let name = if scenario.name.is_empty() {
        "Scenario"
    } else {
        scenario.name.as_str()
    };
    html! {
        <section class="panel scenario" aria-labelledby="scenario-heading">
            <h2 id="scenario-heading">{ "Scenario: " }{ name }</h2>
            <div class="scenario-columns">
                <div>
                    if !scenario.description.is_empty() {
                        <p class="description">{ scenario.description.clone() }</p>
                    }
                    if let Some(note) = &scenario.quorum_note {
                        <p class="quorum-note">{ note.clone() }</p>
                    }
                </div>
                <div>
                    <h3>{ "Scheduled events" }</h3>
                    <ol class="events">
                        { for scenario.events.iter().map(|event| html! {
                            <li>
                                <span class="event-time">{ format!("{} ms", event.at) }</span>
                                <span class="event-text">{ event.text.clone() }</span>
                            </li>
                        }) }
                    </ol>
                </div>
            </div>
            <h3>{ "Cluster settings" }</h3>
            <dl class="settings">
                { for scenario.settings.iter().map(|(label, value)| html! {
                    <div class="setting">
                        <dt>{ label.clone() }</dt>
                        <dd>{ value.clone() }</dd>
                    </div>
                }) }
            </dl>
        </section>
    }
}
