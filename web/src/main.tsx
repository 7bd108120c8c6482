import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { AnnouncerProvider } from './announcer';
import { I18nProvider } from './i18n/I18nProvider';
import { SessionProvider } from './session';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing in index.html');

createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <SessionProvider>
        <AnnouncerProvider>
          <App />
        </AnnouncerProvider>
      </SessionProvider>
    </I18nProvider>
  </StrictMode>,
);
