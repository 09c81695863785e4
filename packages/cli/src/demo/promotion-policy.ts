// The promotion policy of the demo's rain model, as YAML text: it ships inside the bundle, so
// the demo needs no file beside dist/ and reads the way a team's own policy file would.

/** The demo's promotion policy (policy-gates YAML), parsed with `parsePolicy`. */
export const promotionPolicyYaml = `# The promotion policy of the rain model. The gate reads the 2014 holdout metrics, the drift
# and validation reports of the 2015 traffic, the registry record and the artifact digests.
name: weather-rain-promotion
version: "1"
enforcement: { production: enforce, default: warn }
rules:
  - id: accuracy-floor
    description: accuracy on the 2014 holdout is at least 0.70
    kind: metric-threshold
    metric: accuracy
    value: { lower: 0.7 }
  - id: auc-floor
    description: ROC AUC on the 2014 holdout is at least 0.75
    kind: metric-threshold
    metric: roc_auc
    value: { lower: 0.75 }
  - id: inputs-not-drifted
    description: no significant shift (PSI >= 0.25) of the model's inputs in the 2015 traffic
    kind: drift
    columns: [temp_max, temp_min, wind]
  - id: traffic-valid
    description: the 2015 traffic meets the suite inferred from the training data
    kind: data-validation
    failOnSeverity: error
  - id: artifacts-untampered
    description: the artifact still has the digest the registry recorded
    kind: artifact-integrity
  - id: lineage-complete
    description: the version names its training run and datasets
    kind: lineage-completeness
`;
