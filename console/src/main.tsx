import { createRoot } from 'react-dom/client';
import './app.css';
import { App } from './App';

createRoot(document.getElementById('root')!).render(<App />);
