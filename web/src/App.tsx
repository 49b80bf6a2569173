import { useState } from 'preact/hooks';
import { setToken } from './api';
import { useRoute } from './route';
import { StoryList } from './StoryList';
import { StoryPage } from './StoryPage';

export function App() {
  const route = useRoute();
  const [needToken, setNeedToken] = useState(false);
  const [, force] = useState(0);
  if (needToken) return <TokenForm onDone={() => (setNeedToken(false), force((n) => n + 1))} />;
  return (
    <div class="app">
      <header class="top">
        <a href="#/" class="brand">
          triangulate
        </a>
        <span class="tagline">stories from many sources, every line cited</span>
      </header>
      <main>{route.page === 'story' ? <StoryPage key={route.id} id={route.id} onUnauthorized={() => setNeedToken(true)} /> : <StoryList params={route.params} onUnauthorized={() => setNeedToken(true)} />}</main>
    </div>
  );
}

function TokenForm({ onDone }: { onDone: () => void }) {
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
      <button type="submit">Continue</button>
    </form>
  );
}
