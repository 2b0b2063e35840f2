// Pages whose platform service has not landed yet: a plain statement of that, no sample data.
const FEATURES = {
  ai: { title: 'AI', text: 'Sources, extraction, knowledge bases, their search playground and provider keys will be managed here once the AI service is part of this Powabase version.' },
} as const;

export function NotAvailablePage({ feature }: { feature: keyof typeof FEATURES }) {
  const f = FEATURES[feature];
  return (
    <div className="page">
      <h1>{f.title}</h1>
      <div className="card stack" role="status">
        <h2>Not available yet</h2>
        <p className="muted">{f.text}</p>
      </div>
    </div>
  );
}
