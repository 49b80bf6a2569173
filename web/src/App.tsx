import { useState } from 'preact/hooks';
import { hasToken, setToken } from './api';
import { useRoute } from './route';
import { StoryList } from './StoryList';
import { StoryPage } from './StoryPage';
import { StorylineList, StorylinePage } from './Storylines';

export function App() {
  const route = useRoute();
  const [needToken, setNeedToken] = useState(false);
  // Asked again while a token is set: the server refused that one, so say so.
  const [rejected, setRejected] = useState(false);
  const [, force] = useState(0);
  const onUnauthorized = () => (setRejected(hasToken()), setNeedToken(true));
  if (needToken) return <TokenForm rejected={rejected} onDone={() => (setNeedToken(false), force((n) => n + 1))} />;
  return (
    <div class="app">
      <header class="top">
        <a href="#/" class="brand">
          triangulate
        </a>
        <nav class="sections" aria-label="sections">
          <a href="#/" aria-current={route.page === 'list' ? 'page' : undefined}>
            Stories
          </a>
          <a href="#/storylines" aria-current={route.page === 'storylines' ? 'page' : undefined}>
            Storylines
          </a>
        </nav>
        <span class="tagline">stories from many sources, every line cited</span>
      </header>
      <main>
        {route.page === 'story' ? (
          <StoryPage key={route.id} id={route.id} params={route.params} onUnauthorized={onUnauthorized} />
        ) : route.page === 'storyline' ? (
          <StorylinePage key={route.id} id={route.id} onUnauthorized={onUnauthorized} />
        ) : route.page === 'storylines' ? (
          <StorylineList params={route.params} onUnauthorized={onUnauthorized} />
        ) : (
          <StoryList params={route.params} onUnauthorized={onUnauthorized} />
        )}
      </main>
    </div>
  );
}

function TokenForm({ rejected, onDone }: { rejected: boolean; onDone: () => void }) {
  const [value, setValue] = useState('');
  return (
    <form
      class="token"
      onSubmit={(e) => {
        e.preventDefault();
        setToken(value.trim());
        onDone();
      }}
    >
      <label>
        This server needs an API token
        <input type="password" value={value} onInput={(e) => setValue(e.currentTarget.value)} autoFocus />
      </label>
      {rejected && (
        <p class="status error" role="alert">
          The server did not accept that token. Check it and try again.
        </p>
      )}
      <button type="submit">Continue</button>
    </form>
  );
}
